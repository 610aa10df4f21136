import { describe, expect, it } from "vitest";
import { Framer } from "../../src/audio/dsp/framer.js";

describe("Framer", () => {
  it("cuts blocks of odd sizes into whole frames, in order, keeping the remainder", () => {
    const framer = new Framer(480);
    const frames: number[][] = [];
    let next = 0;
    for (const size of [69, 70, 1, 0, 479, 1000, 333, 7, 128]) {
      const block = Float32Array.from({ length: size }, () => next++);
      framer.push(block, size, (frame) => frames.push(Array.from(frame)));
    }
    expect(frames.length).toBe(Math.floor(next / 480));
    frames.forEach((frame, k) => {
      expect(frame).toEqual(Array.from({ length: 480 }, (_, i) => k * 480 + i));
    });
    expect(framer.pending).toBe(next % 480);
  });

  it("uses only the first `count` samples of a block", () => {
    const framer = new Framer(4);
    const frames: number[][] = [];
    framer.push(Float32Array.from([1, 2, 3, 9, 9]), 3, (f) => frames.push(Array.from(f)));
    framer.push(Float32Array.from([4, 5]), 2, (f) => frames.push(Array.from(f)));
    expect(frames).toEqual([[1, 2, 3, 4]]);
  });

  it("drops the partial frame on reset", () => {
    const framer = new Framer(4);
    const frames: number[][] = [];
    framer.push(Float32Array.from([1, 2, 3]), 3, (f) => frames.push(Array.from(f)));
    framer.reset();
    framer.push(Float32Array.from([5, 6, 7, 8]), 4, (f) => frames.push(Array.from(f)));
    expect(frames).toEqual([[5, 6, 7, 8]]);
  });

  it("refuses a frame size that is not a positive integer", () => {
    expect(() => new Framer(0)).toThrow(RangeError);
    expect(() => new Framer(2.5)).toThrow(/positive integer/);
  });
});
