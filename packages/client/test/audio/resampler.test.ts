import { describe, expect, it } from "vitest";
import { Resampler, resample } from "../../src/audio/dsp/resampler.js";
import { dB, fitTone, rmsOf, tone } from "./signals.js";

const WIRE = 24_000;
/** Output samples skipped at each end, past the filter's start-up and tail. */
const EDGE = 1200;

/** Level of a unit sine after resampling, in dB (whatever frequency it lands on). */
function gainDb(freq: number, from: number, to: number): number {
  const out = resample(tone(freq, from, 0.5), from, to);
  return dB(rmsOf(out, EDGE, out.length - EDGE) / Math.SQRT1_2);
}

describe.each([48_000, 44_100])("capture resampling %i Hz → 24 kHz", (rate) => {
  it.each([12_050, 12_100, 12_500, 13_000, 14_000, 16_000, 18_000, 20_000, 22_000])(
    "attenuates a %i Hz tone (it would alias) by at least 70 dB",
    (freq) => {
      expect(gainDb(freq, rate, WIRE)).toBeLessThan(-70);
    },
  );

  it.each([50, 200, 1000, 3000, 6000, 8000, 9000, 9500, 10_000])(
    "passes a %i Hz tone within 0.5 dB, undistorted",
    (freq) => {
      const out = resample(tone(freq, rate, 0.5), rate, WIRE);
      const fit = fitTone(out, freq, WIRE, EDGE, out.length - EDGE);
      expect(Math.abs(dB(fit.amplitude))).toBeLessThan(0.5);
      expect(dB(fit.residual / fit.amplitude)).toBeLessThan(-70);
    },
  );

  it("keeps the duration: one second in, 24000 samples out", () => {
    expect(resample(new Float32Array(rate), rate, WIRE).length).toBe(WIRE);
  });
});

describe("other device rates", () => {
  it.each([16_000, 96_000, 8_000, 22_050, 32_000])(
    "%i Hz → 24 kHz keeps a 1 kHz tone at its pitch and level",
    (rate) => {
      const out = resample(tone(1000, rate, 0.5, 0.5), rate, WIRE);
      expect(out.length).toBe(WIRE / 2);
      const fit = fitTone(out, 1000, WIRE, EDGE, out.length - EDGE);
      expect(fit.amplitude).toBeCloseTo(0.5, 3);
      expect(dB(fit.residual / fit.amplitude)).toBeLessThan(-70);
    },
  );

  it("16 kHz → 24 kHz adds no images above the input's 8 kHz band", () => {
    // A 7 kHz tone would image at 9 kHz (16k - 7k) without the anti-imaging filter.
    const out = resample(tone(7000, 16_000, 0.5), 16_000, WIRE);
    const fit = fitTone(out, 7000, WIRE, EDGE, out.length - EDGE);
    expect(dB(fit.residual)).toBeLessThan(-70);
  });

  it("96 kHz → 24 kHz removes what would alias from far above", () => {
    expect(gainDb(30_000, 96_000, WIRE)).toBeLessThan(-70);
    expect(gainDb(47_000, 96_000, WIRE)).toBeLessThan(-70);
  });

  it("an odd rate (47999 Hz) still comes out at the right pitch", () => {
    const out = resample(tone(1000, 47_999, 0.5), 47_999, WIRE);
    const fit = fitTone(out, 1000, WIRE, EDGE, out.length - EDGE);
    expect(dB(fit.residual / fit.amplitude)).toBeLessThan(-60);
  });
});

describe.each([44_100, 48_000, 96_000])("playback resampling 24 kHz → %i Hz", (rate) => {
  it.each([440, 3000, 9000])("plays a %i Hz tone clean, with no images", (freq) => {
    const out = resample(tone(freq, WIRE, 0.5, 0.5), WIRE, rate);
    expect(out.length).toBe(rate / 2);
    const skip = Math.round(rate / 20);
    const fit = fitTone(out, freq, rate, skip, out.length - skip);
    expect(fit.amplitude).toBeCloseTo(0.5, 2);
    expect(dB(fit.residual / fit.amplitude)).toBeLessThan(-70);
  });
});

describe("streaming", () => {
  it("gives the same samples whatever the block sizes", () => {
    const input = tone(997, 44_100, 0.3);
    const whole = new Resampler(44_100, WIRE);
    const expected = new Float32Array(whole.maxOutput(input.length));
    const total = whole.process(input, expected);

    const blocks = new Resampler(44_100, WIRE);
    const got: number[] = [];
    const sizes = [1, 7, 128, 333, 2, 1000, 129, 64];
    for (let read = 0, k = 0; read < input.length; k++) {
      const size = Math.min(sizes[k % sizes.length] as number, input.length - read);
      const out = new Float32Array(blocks.maxOutput(size));
      const n = blocks.process(input.subarray(read, read + size), out);
      got.push(...out.subarray(0, n));
      read += size;
    }
    expect(got.length).toBe(total);
    expect(Float32Array.from(got)).toEqual(expected.subarray(0, total));
  });

  it("reset() forgets the history", () => {
    const r = new Resampler(48_000, WIRE);
    const out = new Float32Array(r.maxOutput(4800));
    r.process(tone(1000, 48_000, 0.1), out);
    r.reset();
    const n = r.process(new Float32Array(4800), out);
    expect(n).toBeGreaterThan(0);
    expect(rmsOf(out, 0, n)).toBe(0);
  });

  it("rejects rates that are not positive numbers", () => {
    expect(() => new Resampler(0, WIRE)).toThrow(RangeError);
    expect(() => new Resampler(48_000, Number.NaN)).toThrow(/positive numbers/);
  });
});
