/**
 * Cuts a stream of blocks of any size into frames of exactly `size` samples.
 *
 * @example
 * ```ts
 * const framer = new Framer(480); // 20 ms at 24 kHz
 * framer.push(block, block.length, (frame) => send(frame));
 * ```
 */
export class Framer {
  private readonly _frame: Float32Array;
  private _fill = 0;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size > 0)) {
      throw new RangeError(`Frame size must be a positive integer, got ${size}`);
    }
    this._frame = new Float32Array(size);
  }

  /** Samples waiting for the next frame. */
  get pending(): number {
    return this._fill;
  }

  /**
   * Append `samples[0..count)`; calls `onFrame` once per completed frame. The
   * frame array is reused: read it before returning.
   */
  push(samples: Float32Array, count: number, onFrame: (frame: Float32Array) => void): void {
    for (let read = 0; read < count; ) {
      const n = Math.min(count - read, this.size - this._fill);
      this._frame.set(samples.subarray(read, read + n), this._fill);
      this._fill += n;
      read += n;
      if (this._fill === this.size) {
        this._fill = 0;
        onFrame(this._frame);
      }
    }
  }

  /** Drop the partial frame. */
  reset(): void {
    this._fill = 0;
  }
}
