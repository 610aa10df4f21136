import { describe, expect, it } from "vitest";
import { levelFromRms, peak, rms } from "../../src/audio/dsp/level.js";
import { tone } from "./signals.js";

describe("levels", () => {
  it("measures a full-scale sine at RMS 1/√2 and peak 1", () => {
    const sine = tone(1000, 48_000, 0.1);
    expect(rms(sine)).toBeCloseTo(Math.SQRT1_2, 4);
    expect(peak(sine)).toBeCloseTo(1, 4);
  });

  it("measures only the first `count` samples", () => {
    expect(rms(Float32Array.from([0.5, -0.5, 1]), 2)).toBe(0.5);
    expect(peak(Float32Array.from([0.2, -0.7, 1]), 2)).toBeCloseTo(0.7);
    expect(rms(new Float32Array(0))).toBe(0);
  });

  it("maps -60..0 dBFS onto the meter's 0..1, linear in decibels", () => {
    expect(levelFromRms(0)).toBe(0);
    expect(levelFromRms(0.0005)).toBe(0);
    expect(levelFromRms(0.01)).toBeCloseTo(1 / 3);
    expect(levelFromRms(0.1)).toBeCloseTo(2 / 3);
    expect(levelFromRms(1)).toBe(1);
    expect(levelFromRms(2)).toBe(1);
  });
});
