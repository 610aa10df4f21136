import { beforeEach, describe, expect, it } from "vitest";
import { dB, fitTone, rmsOf } from "../audio/signals.js";
import { useHarnessPage } from "./useHarnessPage.js";

/** Above this a recorded sample counts as sound (-60 dBFS). */
const AUDIBLE = 0.001;

describe("playback in Chromium", () => {
  const rig = useHarnessPage();
  let rate: number;

  beforeEach(async () => {
    const started = await rig.page.evaluate(() => window.harness.start());
    if (!started.ok) throw new Error(started.message);
    rate = started.sampleRate;
  });

  /** Play a 24 kHz tone delta; returns the context time just before `play()`. */
  const playTone = (responseId: string, itemId: string, seconds: number, freq = 1000, amp = 0.5) =>
    rig.page.evaluate(
      ({ responseId, itemId, seconds, freq, amp }) => {
        const h = window.harness;
        const at = h.context.currentTime;
        h.audio?.play({ responseId, itemId, audio: h.toneDelta(freq, seconds, amp) });
        return at;
      },
      { responseId, itemId, seconds, freq, amp },
    );

  /** Recorded output from context time `from` to `to`, once the tap has it. */
  const output = async (from: number, to: number) => {
    const samples = await rig.page.evaluate(
      async ({ from, to }) => {
        await window.harness.recordedUntil(to);
        return window.harness.output(from, to);
      },
      { from, to },
    );
    return Float32Array.from(samples);
  };

  const sounding = (x: Float32Array) => ({
    first: x.findIndex((v) => Math.abs(v) > AUDIBLE),
    last: x.findLastIndex((v) => Math.abs(v) > AUDIBLE),
  });

  it("plays a reply tone at its level, pitch and length", async () => {
    const at = await playTone("r1", "i1", 1, 1000, 0.5);
    const out = await output(at, at + 1.5);
    const { first, last } = sounding(out);
    expect((last - first) / rate).toBeCloseTo(1, 1);
    const steady = out.subarray(first + rate / 10, first + (rate * 9) / 10);
    expect(dB(rmsOf(steady) / (0.5 * Math.SQRT1_2))).toBeCloseTo(0, 0);
    const fit = fitTone(steady, 1000, rate, 0, steady.length);
    expect(dB(fit.amplitude / 0.5)).toBeCloseTo(0, 1);
    expect(dB(fit.residual / fit.amplitude)).toBeLessThan(-60);
  });

  it("reports played time, the output level and idleness when the reply ends", async () => {
    const at = await playTone("r1", "i1", 0.6);
    await output(at, at + 0.9);
    const record = await rig.page.evaluate(() => window.harness.record);
    expect(record.played).toEqual({ i1: 600 });
    expect(record.idles).toHaveLength(1);
    const levels = record.outputLevels.map((l) => l.level);
    expect(Math.max(...levels)).toBeGreaterThan(0.7);
    expect(levels.at(-1)).toBe(0);
  });

  it("setVolume(0.5) makes the reply 6 dB quieter", async () => {
    await rig.page.evaluate(() => window.harness.audio?.setVolume(0.5));
    const at = await playTone("r1", "i1", 0.5, 1000, 0.5);
    const out = await output(at, at + 0.7);
    const { first } = sounding(out);
    const steady = out.subarray(first + rate / 10, first + (rate * 4) / 10);
    expect(dB(rmsOf(steady) / (0.5 * Math.SQRT1_2))).toBeCloseTo(-6, 0);
  });

  it("flush() silences the reply at once and drops its late deltas", async () => {
    const at = await playTone("r1", "i1", 2);
    const flushedAt = await rig.page.evaluate(async (at) => {
      const h = window.harness;
      await h.until(() => h.context.currentTime > at + 0.5);
      const t = h.context.currentTime;
      h.audio?.flush("r1");
      h.audio?.play({ responseId: "r1", itemId: "i1", audio: h.toneDelta(1000, 1, 0.5) });
      return t;
    }, at);
    const out = await output(flushedAt, at + 2.2);
    // 1.5 s of the reply were left, plus a late 1 s delta: none of it is heard
    // (how fast it fades is measured by bench/audio.ts).
    expect(sounding(out).last / rate).toBeLessThan(0.25);
    const played = await rig.page.evaluate(() => window.harness.record.played.i1 ?? 0);
    expect(played).toBeGreaterThan(400);
    expect(played).toBeLessThan(1000);

    const next = await playTone("r2", "i2", 0.3);
    const { first } = sounding(await output(next, next + 0.5));
    expect(first).toBeGreaterThanOrEqual(0);
  });

  it("flush() without an id drops every response heard so far", async () => {
    const at = await playTone("r1", "i1", 1);
    await playTone("r2", "i2", 1);
    await rig.page.evaluate(() => window.harness.audio?.flush());
    await playTone("r1", "i1", 1);
    await playTone("r2", "i2", 1);
    const out = await output(at + 0.2, at + 1.5);
    expect(sounding(out).first).toBe(-1);
  });
});
