import { wavToPcm16 } from "../../../src/testing/pcm.js";

const cache = new Map<string, Promise<Int16Array>>();

/** Malayalam speech synthesized with espeak-ng, as PCM16 24 kHz (a microphone fixture). */
export function malayalamSpeech(text: string): Promise<Int16Array> {
  let hit = cache.get(text);
  if (!hit) {
    hit = (async () => {
      const { default: ESpeakNg } = await import("espeak-ng");
      const es = await ESpeakNg({ arguments: ["-v", "ml", "-w", "out.wav", text] });
      return wavToPcm16(es.FS.readFile("out.wav"));
    })();
    cache.set(text, hit);
  }
  return hit;
}
