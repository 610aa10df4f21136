import { describe, expect, it } from "vitest";
import { encodeBase64 } from "../../src/audio/dsp/base64.js";
import { floatToPcm16 } from "../../src/audio/dsp/pcm16.js";
import { PlaybackCore } from "../../src/audio/worklets/playbackCore.js";
import { IDLE, OUTPUT, PLAYED, type WorkletEvent } from "../../src/audio/worklets/protocol.js";
import { fitTone, rmsOf, tone } from "./signals.js";

const QUANTUM = 128;

/** Base64 PCM16 of a 24 kHz tone, as a reply delta carries it. */
function delta(seconds: number, freq = 440, amplitude = 0.5): string {
  return encodeBase64(floatToPcm16(tone(freq, 24_000, seconds, amplitude)));
}

function player(rate = 48_000, prebufferMs = 40) {
  const events: WorkletEvent[] = [];
  const core = new PlaybackCore(rate, prebufferMs, (e) => events.push(e));
  /** Render `quanta` render quanta and return them joined. */
  const render = (quanta: number): Float32Array => {
    const out = new Float32Array(quanta * QUANTUM);
    for (let q = 0; q < quanta; q++) core.render(out.subarray(q * QUANTUM, (q + 1) * QUANTUM));
    return out;
  };
  return { core, events, render };
}

const firstSound = (x: Float32Array) => x.findIndex((v) => Math.abs(v) > 1e-4);
const lastSound = (x: Float32Array) => x.findLastIndex((v) => Math.abs(v) > 1e-4);

describe.each([48_000, 44_100, 24_000, 96_000])("playback at %i Hz", (rate) => {
  it("plays a 24 kHz reply at its pitch, level and duration", () => {
    const { core, render } = player(rate);
    core.chunk("i1", delta(0.5));
    const out = render(Math.ceil((0.6 * rate) / QUANTUM));
    const start = firstSound(out);
    expect(start).toBeLessThan(QUANTUM);
    const heard = (lastSound(out) - start) / rate;
    expect(heard).toBeGreaterThan(0.49);
    expect(heard).toBeLessThan(0.51);
    const fit = fitTone(out, 440, rate, Math.round(rate * 0.05), Math.round(rate * 0.45));
    expect(fit.amplitude).toBeCloseTo(0.5, 2);
    expect(fit.residual / fit.amplitude).toBeLessThan(1e-3);
  });
});

describe("playback core", () => {
  it("starts at once when a delta holds more than the prebuffer", () => {
    const { core, render } = player(48_000, 40);
    core.chunk("i1", delta(0.1));
    expect(firstSound(render(2))).toBeGreaterThanOrEqual(0);
  });

  it("waits for the prebuffer when deltas are small, then plays them all", () => {
    const { core, render } = player(48_000, 40);
    core.chunk("i1", delta(0.01));
    const silent = render(Math.floor((0.039 * 48_000) / QUANTUM));
    expect(firstSound(silent)).toBe(-1);
    core.chunk("i1", delta(0.01));
    core.chunk("i1", delta(0.01));
    core.chunk("i1", delta(0.01));
    const out = render(30);
    expect(firstSound(out)).toBeLessThan(QUANTUM * 2);
    expect((lastSound(out) - firstSound(out)) / 48_000).toBeCloseTo(0.04, 2);
  });

  it("plays a short reply after waiting no longer than the prebuffer", () => {
    const { core, render } = player(48_000, 40);
    core.chunk("i1", delta(0.015));
    const out = render(40);
    const start = firstSound(out);
    expect(start / 48_000).toBeGreaterThan(0.035);
    expect(start / 48_000).toBeLessThan(0.045);
  });

  it("flush fades out within one render quantum and stays silent", () => {
    const { core, render, events } = player();
    core.chunk("i1", delta(1));
    render(20);
    core.flush();
    const fade = render(1);
    expect(Math.abs(fade[0] as number)).toBeGreaterThan(0);
    expect(Math.abs(fade[QUANTUM - 1] as number)).toBeLessThan(0.01);
    expect(rmsOf(render(100))).toBe(0);
    expect(events.filter((e) => e[0] === IDLE)).toHaveLength(0);
  });

  it("starts the next reply with nothing of the previous one once the queue ran dry", () => {
    for (const rate of [48_000, 44_100]) {
      const { core, render } = player(rate);
      core.chunk("a", delta(0.2, 440, 0.8));
      render(200); // the tone plays out and playback goes idle
      core.chunk("b", encodeBase64(floatToPcm16(new Float32Array(4_800)))); // 0.2 s of silence
      const out = render(100);
      expect(Math.max(...out.map(Math.abs))).toBe(0);
    }
  });

  it("plays a new reply that arrives right after a flush, in full", () => {
    const { core, render, events } = player();
    core.chunk("a", delta(1));
    render(20);
    core.flush();
    core.chunk("b", delta(0.2));
    const out = render(100);
    const played = events.filter((e) => e[0] === PLAYED && e[2] === "b").at(-1);
    expect(played).toEqual([PLAYED, 200, "b"]);
    const tail = out.subarray(QUANTUM);
    expect((lastSound(tail) - firstSound(tail)) / 48_000).toBeCloseTo(0.2, 2);
  });

  it("reports how much of each item was played, also when interrupted", () => {
    const { core, render, events } = player();
    core.chunk("a", delta(0.3));
    core.chunk("b", delta(0.3));
    render(Math.round((0.4 * 48_000) / QUANTUM));
    core.flush();
    render(10);
    /** Milliseconds of `item` played, as last reported. */
    const last = (item: string) =>
      events.filter((e) => e[0] === PLAYED && e[2] === item).at(-1)?.[1];
    expect(last("a")).toBe(300);
    expect(last("b")).toBeGreaterThan(95);
    expect(last("b")).toBeLessThan(110);
  });

  it("goes idle once the queue runs dry, with the level back to 0", () => {
    const { core, render, events } = player();
    core.chunk("a", delta(0.2));
    render(100);
    expect(events.filter((e) => e[0] === IDLE)).toEqual([[IDLE, 0]]);
    const levels = events.filter((e) => e[0] === OUTPUT).map((e) => e[1]);
    expect(Math.max(...levels)).toBeGreaterThan(0.8);
    expect(levels.at(-1)).toBe(0);
  });

  it("counts an underrun when an item runs dry and then continues", () => {
    const { core, render, events } = player();
    core.chunk("a", delta(0.1));
    render(60);
    core.chunk("a", delta(0.1));
    render(60);
    core.chunk("b", delta(0.1));
    render(60);
    const idles = events.filter((e) => e[0] === IDLE);
    expect(idles.map((e) => e[1])).toEqual([0, 1, 1]);
  });

  it("fades out when running dry mid-waveform: no click", () => {
    const { core, render } = player();
    // 0.1 s + a quarter period of 440 Hz: the reply stops at its peak.
    core.chunk("a", delta(0.1 + 1 / 1760));
    const out = render(60);
    let jump = 0;
    for (let i = 1; i < out.length; i++) {
      jump = Math.max(jump, Math.abs((out[i] as number) - (out[i - 1] as number)));
    }
    // The tone's own steepest step is 2π·440/48000·0.5 ≈ 0.029.
    expect(jump).toBeLessThan(0.04);
  });

  it("a delta arriving just after the queue ran empty mid-quantum: fade, restart, an underrun, no click", () => {
    const { core, render, events } = player(48_000, 0);
    const reply = tone(440, 24_000, 0.1, 0.5);
    // 640 samples: the last quantum before the gap is filled by the filter's tail.
    core.chunk("a", encodeBase64(floatToPcm16(reply.subarray(0, 640))));
    const before = render(10);
    core.chunk("a", encodeBase64(floatToPcm16(reply.subarray(640))));
    const out = new Float32Array(before.length + 50 * QUANTUM);
    out.set(before);
    out.set(render(50), before.length);
    let jump = 0;
    for (let i = 1; i < out.length; i++) {
      jump = Math.max(jump, Math.abs((out[i] as number) - (out[i - 1] as number)));
    }
    // The tone's own steepest step is 2π·440/48000·0.5 ≈ 0.029.
    expect(jump).toBeLessThan(0.04);
    expect(events.filter((e) => e[0] === IDLE)).toEqual([
      [IDLE, 0],
      [IDLE, 1],
    ]);
  });

  it("plays a reply to its end when the filter's tail spills into the next quantum", () => {
    for (const [rate, samples] of [
      [48_000, 660],
      [44_100, 1_000],
      [96_000, 660],
    ] as const) {
      const { core, render } = player(rate, 0);
      core.chunk("a", encodeBase64(floatToPcm16(tone(440, 24_000, samples / 24_000, 0.5))));
      const out = render(40);
      const end = Math.round((samples * rate) / 24_000);
      expect(lastSound(out)).toBeGreaterThanOrEqual(end - 2);
    }
  });

  it("keeps the prebuffer for the next reply after a flush during the wait", () => {
    const quanta = (ms: number) => Math.floor((ms * 48) / QUANTUM);
    const { core, render } = player(48_000, 200);
    core.chunk("a", delta(0.01));
    expect(firstSound(render(quanta(150)))).toBe(-1);
    core.flush();
    core.chunk("b", delta(0.01));
    expect(firstSound(render(quanta(190)))).toBe(-1);
    const start = firstSound(render(quanta(30)));
    expect(start).toBeGreaterThanOrEqual(0);
  });

  it("joins deltas split at an odd byte", () => {
    const { core, render } = player(24_000, 0);
    const bytes = floatToPcm16(tone(440, 24_000, 0.1, 0.5));
    core.chunk("a", encodeBase64(bytes.subarray(0, 1001)));
    core.chunk("a", encodeBase64(bytes.subarray(1001)));
    const out = render(30);
    const fit = fitTone(out, 440, 24_000, 200, 2200);
    expect(fit.residual / fit.amplitude).toBeLessThan(1e-3);
  });
});
