import { decodeBase64, encodeBase64 } from "../audio/dsp/base64.js";
import { resample } from "../audio/dsp/resampler.js";

/**
 * The wire rate: PCM16 mono at 24 kHz.
 *
 * @example
 * ```ts
 * await audio.speak(new Int16Array(SAMPLE_RATE / 2)); // half a second of silence
 * ```
 */
export const SAMPLE_RATE = 24_000;

/**
 * Samples in `ms` milliseconds at 24 kHz.
 *
 * @example
 * ```ts
 * samplesFor(20); // 480: one 20 ms frame
 * ```
 */
export function samplesFor(ms: number): number {
  return Math.round((ms / 1000) * SAMPLE_RATE);
}

/**
 * Speech-like PCM16 24 kHz audio: a voiced harmonic signal with a syllable-rate
 * envelope, loud enough for voice detection, cut into frames.
 *
 * @example
 * ```ts
 * const frames = [...speechFrames(800), ...silenceFrames(900)];
 * ```
 */
export function speechFrames(ms: number, frameMs = 20, amplitude = 0.3): Int16Array[] {
  const total = samplesFor(ms);
  const pcm = new Int16Array(total);
  const pitch = 140;
  for (let i = 0; i < total; i++) {
    const t = i / SAMPLE_RATE;
    const syllable = 0.65 + 0.35 * Math.sin(2 * Math.PI * 4 * t);
    let voice = 0;
    for (let h = 1; h <= 6; h++) voice += Math.sin(2 * Math.PI * pitch * h * t) / h;
    pcm[i] = Math.round(Math.max(-1, Math.min(1, amplitude * syllable * voice * 0.6)) * 32767);
  }
  return splitFrames(pcm, frameMs);
}

/**
 * Digital silence, cut into frames.
 *
 * @example
 * ```ts
 * await audio.speak(speechFrames(1200));
 * await audio.speak(silenceFrames(800)); // server voice detection ends the turn after 500 ms
 * ```
 */
export function silenceFrames(ms: number, frameMs = 20): Int16Array[] {
  return splitFrames(new Int16Array(samplesFor(ms)), frameMs);
}

/**
 * Cut PCM16 24 kHz audio into frames of `frameMs` (the last may be shorter).
 *
 * @example
 * ```ts
 * const frames = splitFrames(wavToPcm16(await readFile("fixtures/namaskaram.wav")), 40);
 * await audio.speak(frames);
 * ```
 */
export function splitFrames(pcm: Int16Array, frameMs = 20): Int16Array[] {
  const size = Math.max(1, samplesFor(frameMs));
  const frames: Int16Array[] = [];
  for (let start = 0; start < pcm.length; start += size) {
    frames.push(pcm.slice(start, Math.min(pcm.length, start + size)));
  }
  return frames;
}

/**
 * base64 of PCM16 little-endian samples, as sent in `input_audio_buffer.append`.
 *
 * @example
 * ```ts
 * for (const frame of speechFrames(500)) {
 *   ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio: encodePcm16(frame) }));
 * }
 * ```
 */
export function encodePcm16(samples: Int16Array): string {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] as number, true);
  return encodeBase64(bytes);
}

/**
 * PCM16 little-endian samples of a base64 payload (e.g. `response.output_audio.delta`).
 *
 * @example
 * ```ts
 * let replySamples = 0;
 * session.on("response.output_audio.delta", (event) => {
 *   replySamples += decodePcm16(event.delta).length;
 * });
 * ```
 */
export function decodePcm16(base64: string): Int16Array {
  const bytes = decodeBase64(base64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/**
 * RMS level 0..1 of PCM16 samples.
 *
 * @example
 * ```ts
 * const loudest = Math.max(...audio.played.map((chunk) => pcmLevel(decodePcm16(chunk.audio))));
 * expect(loudest).toBeGreaterThan(0); // the reply was not silent
 * ```
 */
export function pcmLevel(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += (s / 32768) ** 2;
  return Math.min(1, Math.sqrt(sum / samples.length));
}

/**
 * Read a 16-bit PCM WAV file (any rate, mono or stereo) and return mono PCM16
 * at 24 kHz, e.g. a speech fixture for the scripted microphone.
 *
 * @example
 * ```ts
 * const speech = wavToPcm16(await readFile("fixtures/namaskaram.wav"));
 * const audio = createScriptedAudio({ pcm: speech });
 * ```
 */
export function wavToPcm16(wav: Uint8Array): Int16Array {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
  if (wav.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") {
    throw new Error("Not a WAV file (no RIFF/WAVE header).");
  }
  let rate = 0;
  let channels = 0;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (view.getUint16(body, true) !== 1 || view.getUint16(body + 14, true) !== 16) {
        throw new Error("Only 16-bit integer PCM WAV files are supported.");
      }
      channels = view.getUint16(body + 2, true);
      rate = view.getUint32(body + 4, true);
    } else if (id === "data") {
      if (rate === 0) throw new Error("WAV data chunk before its fmt chunk.");
      // espeak-ng writes a placeholder size while streaming; trust the file length then.
      const end =
        size === 0 || size === 0xffffffff ? wav.length : Math.min(wav.length, body + size);
      const frames = Math.floor((end - body) / (2 * channels));
      const mono = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++)
          sum += view.getInt16(body + (i * channels + c) * 2, true);
        mono[i] = sum / channels / 32768;
      }
      const at24k = rate === SAMPLE_RATE ? mono : resample(mono, rate, SAMPLE_RATE);
      const out = new Int16Array(at24k.length);
      for (let i = 0; i < out.length; i++) {
        out[i] = Math.max(-32768, Math.min(32767, Math.round((at24k[i] as number) * 32768)));
      }
      return out;
    }
    offset = body + size + (size % 2);
  }
  throw new Error("The WAV file has no data chunk.");
}
