import { besselI0, kaiserBeta, kaiserSinc } from "./kaiser.js";

/** Filter design knobs of a {@link Resampler}. The defaults meet the kit's quality targets. */
export interface ResamplerOptions {
  /** Highest frequency kept flat, in Hz. Default: 85% of the lower of the two Nyquist frequencies. */
  passbandHz?: number;
  /** Frequency from which everything is attenuated, in Hz. Default: the lower Nyquist frequency. */
  stopbandHz?: number;
  /** Stopband attenuation in dB. Default: 80. */
  attenuationDb?: number;
}

/**
 * Most filter phases kept. Ratios needing more (odd rates such as 47999 Hz) keep
 * exact timing and use the nearest of these phases.
 */
const MAX_PHASES = 256;
/** Input samples copied into the history buffer per step. */
const CHUNK = 256;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Streaming polyphase resampler for any pair of rates, with a Kaiser-windowed
 * sinc low-pass (anti-aliasing when going down, anti-imaging when going up).
 * Filter taps are computed when it is constructed; `process` allocates nothing.
 *
 * @example
 * ```ts
 * const down = new Resampler(48_000, 24_000);
 * const out = new Float32Array(down.maxOutput(128));
 * const n = down.process(block, out); // out[0..n) holds 24 kHz samples
 * ```
 */
export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  /** Look-ahead of the filter, in input samples (its latency). */
  readonly half: number;
  private readonly up: number;
  private readonly down: number;
  private readonly phases: number;
  private readonly width: number;
  private readonly bank: Float32Array;
  private readonly buf: Float32Array;
  private fill = 0;
  private base = 0;
  private phase = 0;

  constructor(inRate: number, outRate: number, options: ResamplerOptions = {}) {
    if (!(inRate > 0 && outRate > 0 && Number.isFinite(inRate) && Number.isFinite(outRate))) {
      throw new RangeError(`Resampler rates must be positive numbers, got ${inRate} to ${outRate}`);
    }
    this.inRate = inRate;
    this.outRate = outRate;
    const a = Math.round(inRate);
    const b = Math.round(outRate);
    const g = gcd(a, b);
    this.up = b / g;
    this.down = a / g;
    this.phases = Math.min(this.up, MAX_PHASES);
    const nyquist = Math.min(inRate, outRate) / 2;
    const stop = options.stopbandHz ?? nyquist;
    const pass = options.passbandHz ?? nyquist * 0.85;
    const db = options.attenuationDb ?? 80;
    const fc = (pass + stop) / 2 / inRate;
    const half = Math.ceil((db - 7.95) / (14.36 * ((stop - pass) / inRate)) / 2);
    const beta = kaiserBeta(db);
    const i0 = besselI0(beta);
    this.half = half;
    this.width = 2 * half;
    this.bank = new Float32Array(this.phases * this.width);
    for (let p = 0; p < this.phases; p++) {
      const row = p * this.width;
      let sum = 0;
      for (let j = 0; j < this.width; j++) {
        const v = kaiserSinc(p / this.phases + half - 1 - j, fc, half, beta, i0);
        this.bank[row + j] = v;
        sum += v;
      }
      // Unity gain at every phase: no DC ripple, no tones at the phase rate.
      for (let j = 0; j < this.width; j++) this.bank[row + j] = (this.bank[row + j] ?? 0) / sum;
    }
    this.buf = new Float32Array(this.width + CHUNK);
    this.reset();
  }

  /** Most samples one `process` call can write for `inputLength` input samples. */
  maxOutput(inputLength: number): number {
    return Math.ceil((inputLength * this.up) / this.down) + 2;
  }

  /** Forget all history, as if newly constructed. */
  reset(): void {
    this.buf.fill(0);
    this.fill = this.half - 1;
    this.base = 0;
    this.phase = 0;
  }

  /**
   * Resample `input`, writing into `output` (at least `maxOutput(input.length)` long).
   * Returns how many samples were written.
   */
  process(input: Float32Array, output: Float32Array): number {
    const { buf, bank, width, up, down, phases } = this;
    let written = 0;
    for (let read = 0; read < input.length; ) {
      const n = Math.min(CHUNK, input.length - read, buf.length - this.fill);
      buf.set(input.subarray(read, read + n), this.fill);
      this.fill += n;
      read += n;
      let base = this.base;
      let phase = this.phase;
      while (base + width <= this.fill) {
        const row = (((phase * phases) / up) | 0) * width;
        let acc = 0;
        for (let j = 0; j < width; j++)
          acc += (buf[base + j] as number) * (bank[row + j] as number);
        output[written++] = acc;
        phase += down;
        while (phase >= up) {
          phase -= up;
          base++;
        }
      }
      buf.copyWithin(0, base, this.fill);
      this.fill -= base;
      this.base = 0;
      this.phase = phase;
    }
    return written;
  }
}

/**
 * Resample a whole signal at once (the tail is flushed with silence).
 *
 * @example
 * ```ts
 * const speech24k = resample(speech48k, 48_000, 24_000);
 * ```
 */
export function resample(
  input: Float32Array,
  inRate: number,
  outRate: number,
  options?: ResamplerOptions,
): Float32Array {
  const r = new Resampler(inRate, outRate, options);
  const padded = new Float32Array(input.length + r.half + 1);
  padded.set(input);
  const out = new Float32Array(r.maxOutput(padded.length));
  const n = r.process(padded, out);
  const expected = Math.ceil((input.length * outRate) / inRate);
  return out.slice(0, Math.min(n, expected));
}
