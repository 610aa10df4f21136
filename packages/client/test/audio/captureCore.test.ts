import { describe, expect, it } from "vitest";
import { decodeBase64 } from "../../src/audio/dsp/base64.js";
import { pcm16ToFloat } from "../../src/audio/dsp/pcm16.js";
import { CaptureCore } from "../../src/audio/worklets/captureCore.js";
import { INPUT, type WorkletEvent } from "../../src/audio/worklets/protocol.js";
import { fitTone, tone } from "./signals.js";

/** A frame event: `[INPUT, level, base64 PCM16]`. */
type Frame = [kind: typeof INPUT, level: number, audio: string];
const isFrame = (e: WorkletEvent): e is Frame => e[0] === INPUT && e[2] !== undefined;

/** Feed `input` to a capture core in render quanta of 128 samples. */
function capture(rate: number, input: Float32Array, frameSamples = 480, enabled = true) {
  const events: WorkletEvent[] = [];
  const core = new CaptureCore(rate, frameSamples, enabled, (e) => events.push(e));
  for (let i = 0; i + 128 <= input.length; i += 128) core.process(input.subarray(i, i + 128));
  return { core, events, frames: events.filter(isFrame) };
}

function join(frames: Frame[]): Float32Array {
  const parts = frames.map((f) => pcm16ToFloat(decodeBase64(f[2])));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe.each([44_100, 48_000, 16_000, 96_000, 24_000])("capture at %i Hz", (rate) => {
  it("produces 20 ms frames of base64 PCM16 at 24 kHz, one second → 50 frames", () => {
    const { frames } = capture(rate, tone(440, rate, 1.01, 0.5));
    expect(frames.length).toBe(50);
    for (const frame of frames) {
      expect(frame[0]).toBe(INPUT);
      expect(pcm16ToFloat(decodeBase64(frame[2])).length).toBe(480);
      expect(decodeBase64(frame[2]).length).toBe(960);
    }
    const audio = join(frames);
    const fit = fitTone(audio, 440, 24_000, 480, audio.length);
    expect(fit.amplitude).toBeCloseTo(0.5, 2);
  });
});

describe("capture core", () => {
  it("frames at the configured length (10 ms and 100 ms)", () => {
    expect(capture(48_000, tone(440, 48_000, 1.01), 240).frames).toHaveLength(100);
    expect(capture(48_000, tone(440, 48_000, 1.01), 2400).frames).toHaveLength(10);
  });

  it("reports the level of each frame: loud speech-like input high, silence zero", () => {
    const loud = capture(48_000, tone(300, 48_000, 0.2, 0.5)).frames;
    expect(loud.at(-1)?.[1]).toBeGreaterThan(0.8);
    const quiet = capture(48_000, new Float32Array(9600)).frames;
    expect(quiet.every((f) => f[1] === 0)).toBe(true);
  });

  it("produces nothing while gated and starts clean frames when opened again", () => {
    const { core, events } = capture(48_000, tone(440, 48_000, 0.5), 480, false);
    expect(events).toEqual([]);
    core.gate(true);
    const block = tone(440, 48_000, 128 / 48_000);
    for (let i = 0; i < 10; i++) core.process(block);
    expect(events.filter(isFrame)).toHaveLength(1);
    core.gate(false);
    // The input level drops to 0 (a level event without a frame).
    expect(events.at(-1)).toEqual([INPUT, 0]);
    for (let i = 0; i < 50; i++) core.process(block);
    expect(events.filter(isFrame)).toHaveLength(1);
    expect(events).toHaveLength(2);
  });
});
