import type { Voice } from "./config.js";
import { floatToPcm16, parseWav, resample, SAMPLE_RATE } from "./pcm.js";

/** Turns reply text into PCM16 24 kHz audio. */
export type Synthesizer = (text: string, voice: Voice) => Promise<Int16Array>;

type ESpeakModule = (opts: {
  arguments: string[];
}) => Promise<{ FS: { readFile(p: string): Uint8Array } }>;

const ESPEAK_VOICE: Record<Voice, string> = { "mal-female": "ml+f3", "mal-male": "ml+m3" };

async function loadEspeak(): Promise<ESpeakModule | undefined> {
  try {
    // Optional dependency (GPL-3.0-or-later): absent installs fall back to the tone.
    const specifier = "espeak-ng";
    const mod = (await import(specifier)) as { default: ESpeakModule };
    return mod.default;
  } catch {
    return undefined;
  }
}

/** Rough speaking time of Malayalam text, used to size the placeholder tone. */
export function estimateMs(text: string): number {
  return Math.max(600, Math.min(15_000, [...text].length * 75));
}

/**
 * A clearly non-speech placeholder: 440 Hz beeps (250 ms on, 100 ms off) at -12 dBFS,
 * as long as the sentence would take to say.
 */
export function placeholderTone(text: string): Int16Array {
  const total = Math.round((estimateMs(text) / 1000) * SAMPLE_RATE);
  const out = new Float32Array(total);
  const period = Math.round(0.35 * SAMPLE_RATE);
  const on = Math.round(0.25 * SAMPLE_RATE);
  const ramp = Math.round(0.005 * SAMPLE_RATE);
  for (let i = 0; i < total; i++) {
    const p = i % period;
    if (p >= on) continue;
    const envelope = Math.min(1, p / ramp, (on - p) / ramp);
    out[i] = 0.25 * envelope * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE);
  }
  return floatToPcm16(out);
}

export interface SpeechEngine {
  readonly kind: "espeak-ng" | "tone";
  synthesize: Synthesizer;
}

/**
 * Speech for replies: espeak-ng's Malayalam voice when the optional package is
 * installed (and `prefer` allows it), otherwise the placeholder tone. Results are cached.
 */
export async function createSpeechEngine(prefer: "auto" | "tone" = "auto"): Promise<SpeechEngine> {
  const espeak = prefer === "auto" ? await loadEspeak() : undefined;
  const cache = new Map<string, Promise<Int16Array>>();
  const render = async (text: string, voice: Voice): Promise<Int16Array> => {
    if (!espeak) return placeholderTone(text);
    const es = await espeak({ arguments: ["-v", ESPEAK_VOICE[voice], "-w", "/reply.wav", text] });
    const { rate, samples } = parseWav(es.FS.readFile("/reply.wav"));
    return floatToPcm16(resample(samples, rate, SAMPLE_RATE));
  };
  return {
    kind: espeak ? "espeak-ng" : "tone",
    synthesize(text, voice) {
      const key = `${voice}\u0000${text}`;
      let hit = cache.get(key);
      if (!hit) {
        if (cache.size >= 128) cache.delete(cache.keys().next().value as string);
        hit = render(text, voice).catch(() => placeholderTone(text));
        cache.set(key, hit);
      }
      return hit;
    },
  };
}
