/** PCM16 helpers for the wire format: 24 kHz mono little-endian, base64 in JSON. */

export const SAMPLE_RATE = 24_000;

export function samplesToMs(samples: number): number {
  return (samples / SAMPLE_RATE) * 1000;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a base64 payload; `undefined` when it is not base64. */
export function decodeBase64(audio: string): Buffer | undefined {
  if (audio.length % 4 === 1 || !BASE64.test(audio)) return undefined;
  return Buffer.from(audio, "base64");
}

export function encodePcm16(samples: Int16Array): string {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
}

/** Reads little-endian PCM16 samples from bytes (an odd trailing byte is the caller's to keep). */
export function readPcm16(bytes: Buffer): Int16Array {
  const count = bytes.length >> 1;
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

/** RMS level of PCM16 samples in dBFS (-Infinity for digital silence). */
export function rmsDb(samples: Int16Array, start = 0, end = samples.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const s = (samples[i] ?? 0) / 32768;
    sum += s * s;
  }
  const n = Math.max(1, end - start);
  return 10 * Math.log10(sum / n);
}

/**
 * Band-limited resampling with a Hann-windowed sinc (16 zero crossings), used to bring
 * synthesized speech to 24 kHz. Runs once per cached sentence, so clarity beats speed here.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input.slice();
  const ratio = toRate / fromRate;
  const outLength = Math.floor(input.length * ratio);
  const out = new Float32Array(outLength);
  const cutoff = Math.min(1, ratio) * 0.95;
  const half = 16;
  const radius = half / cutoff;
  for (let i = 0; i < outLength; i++) {
    const center = i / ratio;
    const lo = Math.ceil(center - radius);
    const hi = Math.floor(center + radius);
    let acc = 0;
    for (let j = lo; j <= hi; j++) {
      if (j < 0 || j >= input.length) continue;
      const x = (j - center) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * (j - center)) / radius);
      acc += (input[j] ?? 0) * sinc * window * cutoff;
    }
    out[i] = acc;
  }
  return out;
}

export function floatToPcm16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const s = Math.max(-1, Math.min(1, input[i] ?? 0));
    out[i] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
  }
  return out;
}

/** Parses a 16-bit PCM mono/stereo WAV into mono floats. */
export function parseWav(wav: Uint8Array): { rate: number; samples: Float32Array } {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (o: number) => String.fromCharCode(...wav.subarray(o, o + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("Not a WAV file.");
  let offset = 12;
  let rate = 0;
  let channels = 1;
  while (offset + 8 <= wav.length) {
    const id = tag(offset);
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      channels = view.getUint16(body + 2, true);
      rate = view.getUint32(body + 4, true);
      if (view.getUint16(body + 14, true) !== 16) throw new Error("Only 16-bit WAV is supported.");
    } else if (id === "data") {
      // Streamed WAVs (espeak-ng writing to a pipe) leave the size at its maximum.
      if (size === 0xffffffff || body + size > wav.length) size = wav.length - body;
      const frames = Math.floor(size / 2 / channels);
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++)
        samples[i] = view.getInt16(body + i * 2 * channels, true) / 32768;
      return { rate, samples };
    }
    offset = body + size + (size & 1);
  }
  throw new Error("WAV file has no data chunk.");
}
