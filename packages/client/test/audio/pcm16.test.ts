import { describe, expect, it } from "vitest";
import { floatToPcm16, pcm16ToFloat } from "../../src/audio/dsp/pcm16.js";

function int16s(bytes: Uint8Array): number[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 2 }, (_, i) => view.readInt16LE(2 * i));
}

describe("floatToPcm16", () => {
  it("writes little-endian 16-bit samples, full scale at ±1", () => {
    const bytes = floatToPcm16(Float32Array.from([0, 0.5, -0.5, 1, -1, 1 / 32767]));
    expect(int16s(bytes)).toEqual([0, 16384, -16384, 32767, -32768, 1]);
  });

  it("clips what is beyond full scale instead of wrapping around", () => {
    const bytes = floatToPcm16(Float32Array.from([1.5, -3, 1e9, -Infinity, Infinity]));
    expect(int16s(bytes)).toEqual([32767, -32768, 32767, -32768, 32767]);
  });

  it("turns NaN into silence", () => {
    expect(int16s(floatToPcm16(Float32Array.from([Number.NaN])))).toEqual([0]);
  });

  it("converts only `count` samples into a given buffer", () => {
    const out = new Uint8Array(8).fill(7);
    floatToPcm16(Float32Array.from([1, 1, 1, 1]), 2, out);
    expect(Array.from(out)).toEqual([0xff, 0x7f, 0xff, 0x7f, 7, 7, 7, 7]);
  });
});

describe("pcm16ToFloat", () => {
  it("reads little-endian samples back within half a step of 16-bit resolution", () => {
    const source = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) * 0.9);
    const back = pcm16ToFloat(floatToPcm16(source));
    for (let i = 0; i < source.length; i++) {
      expect(Math.abs((back[i] as number) - (source[i] as number))).toBeLessThanOrEqual(
        0.5 / 32768,
      );
    }
  });

  it("maps the extremes to -1 and just under 1", () => {
    const bytes = Uint8Array.from([0x00, 0x80, 0xff, 0x7f]);
    expect(Array.from(pcm16ToFloat(bytes))).toEqual([-1, 32767 / 32768]);
  });

  it("ignores a trailing odd byte", () => {
    expect(pcm16ToFloat(Uint8Array.from([0x00, 0x40, 0x12])).length).toBe(1);
  });
});
