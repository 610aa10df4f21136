// An AudioContext whose `destination` is a tap: everything the engine plays is
// recorded sample by sample (with its frame position) on its way to the speakers.

import { TAP_PROCESSOR } from "../tapSource.js";

export interface TapChunk {
  frame: number;
  samples: Float32Array;
}

/** Every TapContext created in this page, oldest first. */
export const tapContexts: TapContext[] = [];

export class TapContext extends AudioContext {
  /** Resolves once the recorder is connected. */
  readonly ready: Promise<void>;
  readonly chunks: TapChunk[] = [];

  constructor(options?: AudioContextOptions) {
    super(options);
    tapContexts.push(this);
    const speakers = this.destination;
    const tap = this.createGain();
    tap.connect(speakers);
    Object.defineProperty(this, "destination", { get: () => tap });
    // Served by the page server, so it loads under the strict-CSP page too.
    this.ready = this.audioWorklet.addModule("/tap.js").then(
      () => {
        const recorder = new AudioWorkletNode(this, TAP_PROCESSOR, {
          numberOfInputs: 1,
          numberOfOutputs: 1,
          outputChannelCount: [1],
          channelCount: 1,
          channelCountMode: "explicit",
        });
        recorder.port.onmessage = (event: MessageEvent<TapChunk>) => this.chunks.push(event.data);
        tap.connect(recorder);
        recorder.connect(speakers);
      },
      () => undefined,
    ); // the context was closed first: nothing to record
  }

  /** Recorded output from context time `from` to `to` (seconds); missing parts are NaN. */
  recorded(from: number, to: number): Float32Array {
    const first = Math.round(from * this.sampleRate);
    const out = new Float32Array(Math.max(0, Math.round(to * this.sampleRate) - first)).fill(
      Number.NaN,
    );
    for (const chunk of this.chunks) {
      const start = chunk.frame - first;
      if (start >= out.length || start + chunk.samples.length <= 0) continue;
      const skip = Math.max(0, -start);
      out.set(
        chunk.samples.subarray(skip, Math.min(chunk.samples.length, out.length - start)),
        start + skip,
      );
    }
    return out;
  }

  /** Context time up to which output has been recorded. */
  get recordedUntil(): number {
    const last = this.chunks.at(-1);
    return last ? (last.frame + last.samples.length) / this.sampleRate : 0;
  }
}
