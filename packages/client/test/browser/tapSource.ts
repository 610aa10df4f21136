/** Name of the test recorder processor. */
export const TAP_PROCESSOR = "swaram-test-tap";
const BLOCK = 4096;

/** Worklet module of the test recorder: posts every rendered sample with its frame position. */
export const TAP_SOURCE = `registerProcessor("${TAP_PROCESSOR}", class extends AudioWorkletProcessor {
  constructor() { super(); this.buf = new Float32Array(${BLOCK}); this.n = 0; this.at = 0; }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (this.n === 0) this.at = currentFrame;
    if (ch) this.buf.set(ch, this.n);
    this.n += 128;
    if (this.n === ${BLOCK}) {
      this.port.postMessage({ frame: this.at, samples: this.buf }, [this.buf.buffer]);
      this.buf = new Float32Array(${BLOCK});
      this.n = 0;
    }
    return true;
  }
});`;
