import { encodeBase64 } from "../dsp/base64.js";
import { levelFromRms, rms } from "../dsp/level.js";
import { floatToPcm16 } from "../dsp/pcm16.js";
import { Resampler } from "../dsp/resampler.js";
import { INPUT, WIRE_RATE, type WorkletEvent } from "./protocol.js";

/**
 * What the capture processor does with each render quantum: resample to
 * 24 kHz, cut into frames, PCM16 + base64 them and measure their level.
 * Free of worklet globals so it runs (and is tested) in Node too. Its state
 * lives in the constructor's closure (shorter minified than fields).
 */
export class CaptureCore {
  /** Open or close the gate (mute, push-to-talk); closing drops the partial frame. */
  readonly gate: (on: boolean) => void;
  /** Take one block of input at the context rate. */
  readonly process: (input: Float32Array) => void;

  /**
   * `size`: samples per 24 kHz frame; `enabled`: whether the gate starts open.
   * Posts `[INPUT, level, frame]` per frame and `[INPUT, 0]` when the gate closes.
   */
  constructor(rate: number, size: number, enabled: boolean, post: (event: WorkletEvent) => void) {
    // Also at 24 kHz, where it is only a low-pass: one path for every rate.
    const resampler = new Resampler(rate, WIRE_RATE);
    const bytes = new Uint8Array(size * 2);
    /** 24 kHz samples not yet sent, from the start; grown when a block needs more room. */
    let pending = new Float32Array(0);
    let fill = 0;

    this.gate = (on) => {
      if (on === enabled) return;
      enabled = on;
      fill = 0;
      resampler.reset();
      if (!on) post([INPUT, 0]);
    };

    this.process = (input) => {
      if (!enabled) return;
      const need = size + resampler.maxOutput(input.length);
      if (pending.length < need) {
        const grown = new Float32Array(need);
        grown.set(pending);
        pending = grown;
      }
      fill += resampler.process(input, pending.subarray(fill));
      let sent = 0;
      for (; sent + size <= fill; sent += size) {
        const frame = pending.subarray(sent, sent + size);
        post([INPUT, levelFromRms(rms(frame)), encodeBase64(floatToPcm16(frame, size, bytes))]);
      }
      pending.copyWithin(0, sent, fill);
      fill -= sent;
    };
  }
}
