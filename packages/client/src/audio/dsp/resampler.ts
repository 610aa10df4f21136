/**
 * Most filter phases kept. Ratios needing more (odd rates such as 47999 Hz) keep
 * exact timing and use the nearest of these phases.
 */
const MAX_PHASES = 256;
/** Stopband attenuation of the low-pass, in dB. */
const ATTENUATION_DB = 80;
/** Kaiser window shape for that attenuation (Kaiser's formula, above 50 dB). */
const BETA = 0.1102 * (ATTENUATION_DB - 8.7);
/** Input samples taken into the history buffer per step, past the filter's width. */
const CHUNK = 256;

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-12; k++) {
    term *= (x * x) / (4 * k * k);
    sum += term;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

/**
 * Streaming polyphase resampler for any pair of rates, with a Kaiser-windowed
 * sinc low-pass (anti-aliasing when going down, anti-imaging when going up):
 * flat to 85% of the lower Nyquist frequency, 80 dB down from it.
 * Filter taps are computed when it is constructed; `process` allocates nothing.
 * Its state lives in the constructor's closure (shorter minified than fields).
 *
 * @example
 * ```ts
 * const down = new Resampler(48_000, 24_000);
 * const out = new Float32Array(down.maxOutput(128));
 * const n = down.process(block, out); // out[0..n) holds 24 kHz samples
 * ```
 */
export class Resampler {
  /** Look-ahead of the filter, in input samples (its latency). */
  readonly half: number;
  /** Most samples one `process` call can write for `inputLength` input samples. */
  readonly maxOutput: (inputLength: number) => number;
  /** Forget all history, as if newly constructed. */
  readonly reset: () => void;
  /**
   * Resample `input`, writing into `output` (at least `maxOutput(input.length)` long).
   * Returns how many samples were written.
   */
  readonly process: (input: Float32Array, output: Float32Array) => number;

  constructor(inRate: number, outRate: number) {
    // Dropped from the worklet build (esbuild dropLabels), whose callers pass checked rates.
    // biome-ignore lint/suspicious/noConfusingLabels lint/correctness/noUnusedLabels: dropLabels
    argumentCheck: if (!(inRate > 0 && outRate > 0 && Number.isFinite(inRate + outRate))) {
      throw new RangeError(`Resampler rates must be positive numbers, got ${inRate} to ${outRate}`);
    }
    const a = Math.round(inRate);
    const b = Math.round(outRate);
    const g = gcd(a, b);
    const up = b / g;
    const down = a / g;
    const phases = Math.min(up, MAX_PHASES);
    // Pass band to 85% of the lower Nyquist frequency, stop band from it; cutoff between.
    const nyquist = Math.min(inRate, outRate) / 2;
    const fc = (0.925 * nyquist) / inRate;
    const half = Math.ceil((ATTENUATION_DB - 7.95) / (14.36 * ((0.15 * nyquist) / inRate)) / 2);
    const width = 2 * half;
    const bank = new Float32Array(phases * width);
    for (let p = 0; p < phases; p++) {
      const row = bank.subarray(p * width, (p + 1) * width);
      for (let j = 0; j < width; j++) {
        const x = p / phases + half - 1 - j;
        const r = x / half;
        const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
        row[j] = r * r < 1 ? sinc * besselI0(BETA * Math.sqrt(1 - r * r)) : 0;
      }
      // Unity gain at every phase: no DC ripple, no tones at the phase rate.
      const sum = row.reduce((s, v) => s + v, 0);
      for (let j = 0; j < width; j++) row[j] = (row[j] as number) / sum;
    }
    /** Input history: the filter's width plus room for one chunk of input. */
    const buf = new Float32Array(width + CHUNK);
    let fill = 0;
    let phase = 0;

    this.half = half;
    this.maxOutput = (inputLength) => Math.ceil((inputLength * up) / down) + 2;
    this.reset = () => {
      buf.fill(0);
      fill = half - 1;
      phase = 0;
    };
    this.process = (input, output) => {
      // The hot loop works on locals: closure variables are slower to reach.
      const history = buf;
      const taps = bank;
      const size = width;
      let filled = fill;
      let at = phase;
      let written = 0;
      for (let read = 0; read < input.length; ) {
        const n = Math.min(input.length - read, history.length - filled);
        history.set(input.subarray(read, read + n), filled);
        filled += n;
        read += n;
        let base = 0;
        while (base + size <= filled) {
          const row = (((at * phases) / up) | 0) * size;
          let acc = 0;
          for (let j = 0; j < size; j++)
            acc += (history[base + j] as number) * (taps[row + j] as number);
          output[written++] = acc;
          at += down;
          while (at >= up) {
            at -= up;
            base++;
          }
        }
        history.copyWithin(0, base, filled);
        filled -= base;
      }
      fill = filled;
      phase = at;
      return written;
    };
    this.reset();
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
export function resample(input: Float32Array, inRate: number, outRate: number): Float32Array {
  const r = new Resampler(inRate, outRate);
  const padded = new Float32Array(input.length + r.half + 1);
  padded.set(input);
  const out = new Float32Array(r.maxOutput(padded.length));
  const n = r.process(padded, out);
  return out.slice(0, Math.min(n, Math.ceil((input.length * outRate) / inRate)));
}
