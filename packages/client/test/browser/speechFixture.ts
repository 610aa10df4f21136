import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Malayalam sentences spoken by the fake microphone. */
export const SPEECH_TEXT =
  "നമസ്കാരം. എന്റെ ഓർഡർ എവിടെ എത്തി എന്ന് പറയാമോ? ഇന്ന് വൈകുന്നേരം അഞ്ച് മണിക്ക് മുമ്പ് കിട്ടുമോ?";

type ESpeakModule = (options: {
  arguments: string[];
}) => Promise<{ FS: { readFile(path: string): Uint8Array } }>;

/** A parsed 16-bit mono WAV file. */
export interface Wav {
  rate: number;
  samples: Float32Array;
}

/** Parse a 16-bit PCM WAV (first channel). */
export function parseWav(bytes: Uint8Array): Wav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let rate = 0;
  let channels = 1;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === "fmt ") {
      channels = view.getUint16(at + 10, true);
      rate = view.getUint32(at + 12, true);
    } else if (id === "data") {
      // espeak-ng writes a streaming header whose data size may be 0 or too large.
      const end = size > 0 && at + 8 + size <= bytes.length ? at + 8 + size : bytes.length;
      const count = Math.floor((end - at - 8) / (2 * channels));
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++)
        samples[i] = view.getInt16(at + 8 + i * 2 * channels, true) / 32768;
      return { rate, samples };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error("WAV file has no data chunk");
}

/**
 * Synthesize {@link SPEECH_TEXT} with the espeak-ng WASM build into `dir`;
 * returns the WAV's path (for `--use-file-for-fake-audio-capture`) and samples.
 */
export async function makeSpeechWav(dir: string): Promise<Wav & { path: string }> {
  const specifier = "espeak-ng";
  const espeak = ((await import(specifier)) as { default: ESpeakModule }).default;
  const es = await espeak({ arguments: ["-v", "ml", "-w", "/speech.wav", SPEECH_TEXT] });
  const bytes = es.FS.readFile("/speech.wav");
  const path = join(dir, "speech.wav");
  await writeFile(path, bytes);
  return { path, ...parseWav(bytes) };
}
