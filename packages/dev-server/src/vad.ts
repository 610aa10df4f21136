import type { TurnDetection } from "./config.js";
import { rmsDb, SAMPLE_RATE } from "./pcm.js";

const FRAME = SAMPLE_RATE / 100; // 10 ms
const START_FRAMES = 3; // 30 ms of voice before speech counts as started

export type VadEvent = { type: "start"; atMs: number } | { type: "stop"; atMs: number };

/**
 * Energy-based voice activity detection on PCM16 24 kHz audio, in 10 ms frames.
 * `threshold` (0..1) maps linearly onto -60..-20 dBFS; 0.5 is -40 dBFS.
 */
export class EnergyVad {
  #pending = new Int16Array(FRAME);
  #fill = 0;
  #processedMs = 0;
  #voiced = 0;
  #silentMs = 0;
  #speaking = false;
  readonly #thresholdDb: number;
  readonly #silenceMs: number;
  readonly #paddingMs: number;

  constructor(td: TurnDetection) {
    this.#thresholdDb = -60 + td.threshold * 40;
    this.#silenceMs = td.silence_duration_ms;
    this.#paddingMs = td.prefix_padding_ms;
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  push(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    let i = 0;
    while (i < samples.length) {
      const take = Math.min(FRAME - this.#fill, samples.length - i);
      this.#pending.set(samples.subarray(i, i + take), this.#fill);
      this.#fill += take;
      i += take;
      if (this.#fill < FRAME) break;
      this.#fill = 0;
      const voiced = rmsDb(this.#pending) > this.#thresholdDb;
      this.#processedMs += 10;
      if (!this.#speaking) {
        this.#voiced = voiced ? this.#voiced + 1 : 0;
        if (this.#voiced >= START_FRAMES) {
          this.#speaking = true;
          this.#silentMs = 0;
          const at = this.#processedMs - START_FRAMES * 10 - this.#paddingMs;
          events.push({ type: "start", atMs: Math.max(0, at) });
        }
      } else if (voiced) {
        this.#silentMs = 0;
      } else {
        this.#silentMs += 10;
        if (this.#silentMs >= this.#silenceMs) {
          this.#speaking = false;
          this.#voiced = 0;
          events.push({ type: "stop", atMs: this.#processedMs - this.#silentMs });
        }
      }
    }
    return events;
  }

  reset(): void {
    this.#fill = 0;
    this.#voiced = 0;
    this.#silentMs = 0;
    this.#speaking = false;
  }
}
