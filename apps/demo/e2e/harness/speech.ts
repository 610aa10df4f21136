import { writeFile } from "node:fs/promises";

/** What the fake microphone says: one short Malayalam question (~2.1 s, no pause inside). */
export const QUESTION = "എന്റെ ഓർഡർ എവിടെ എത്തി എന്ന് പറയാമോ";

/** One step of a fake-microphone recording. */
export type Step = { say: string } | { silenceMs: number };

type ESpeakModule = (options: {
  arguments: string[];
}) => Promise<{ FS: { readFile(path: string): Uint8Array } }>;

interface Pcm {
  rate: number;
  samples: Int16Array;
}

/** The samples of a 16-bit mono WAV file as espeak-ng writes it (data size may be unset). */
function readWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let rate = 0;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === "fmt ") rate = view.getUint32(at + 12, true);
    if (id === "data") {
      const end = size > 0 && at + 8 + size <= bytes.length ? at + 8 + size : bytes.length;
      const samples = new Int16Array(Math.floor((end - at - 8) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + i * 2, true);
      return { rate, samples };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error("espeak-ng wrote a WAV file without a data chunk");
}

function encodeWav({ rate, samples }: Pcm): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return bytes;
}

let espeak: Promise<ESpeakModule> | undefined;

/** Malayalam speech from the espeak-ng WASM build (16-bit mono, 22 050 Hz). */
export async function synthesize(text: string): Promise<Pcm> {
  espeak ??= import("espeak-ng" as string).then((m: { default: ESpeakModule }) => m.default);
  const es = await (await espeak)({ arguments: ["-v", "ml", "-w", "/speech.wav", text] });
  return readWav(es.FS.readFile("/speech.wav"));
}

/**
 * Writes the WAV file the fake microphone plays: speech and digital silence in the
 * order given. Chromium loops the file, so a recording meant to hold one turn ends in
 * a long silence. Returns where each spoken step starts and ends (ms into the file).
 */
export async function writeMicWav(
  path: string,
  steps: readonly Step[],
): Promise<{ durationMs: number; speech: { startMs: number; endMs: number }[] }> {
  const spoken = await Promise.all(
    steps.map((step) => ("say" in step ? synthesize(step.say) : undefined)),
  );
  const rate = spoken.find((pcm) => pcm !== undefined)?.rate ?? 22_050;
  const parts: Int16Array[] = [];
  const speech: { startMs: number; endMs: number }[] = [];
  let length = 0;
  steps.forEach((step, i) => {
    const pcm = spoken[i];
    if (pcm && pcm.rate !== rate)
      throw new Error("espeak-ng changed its sample rate mid-recording");
    const part = pcm
      ? pcm.samples
      : new Int16Array(Math.round((("silenceMs" in step ? step.silenceMs : 0) / 1000) * rate));
    if (pcm)
      speech.push({
        startMs: (length / rate) * 1000,
        endMs: ((length + part.length) / rate) * 1000,
      });
    parts.push(part);
    length += part.length;
  });
  const samples = new Int16Array(length);
  let at = 0;
  for (const part of parts) {
    samples.set(part, at);
    at += part.length;
  }
  await writeFile(path, encodeWav({ rate, samples }));
  return { durationMs: (length / rate) * 1000, speech };
}
