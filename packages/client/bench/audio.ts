// Audio engine figures: resampler throughput in Node (times real time) and, in
// headless Chromium, reply-delta-to-audible and flush-to-silence delays.
// Run: pnpm --filter @swaram/client bench:audio   (or: npx tsx bench/audio.ts)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeBase64 } from "../src/audio/dsp/base64.js";
import { floatToPcm16 } from "../src/audio/dsp/pcm16.js";
import { Resampler } from "../src/audio/dsp/resampler.js";
import { CaptureCore } from "../src/audio/worklets/captureCore.js";
import { PlaybackCore } from "../src/audio/worklets/playbackCore.js";
import { audioWorkletSource } from "../src/audio/worklets.generated.js";
import { launchChromium, openHarness } from "../test/browser/chromium.js";
import { startPageServer } from "../test/browser/pageServer.js";
import { makeSpeechWav } from "../test/browser/speechFixture.js";

const SECONDS = 10;
const QUANTUM = 128;

function noise(length: number): Float32Array {
  const out = new Float32Array(length);
  let s = 1;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 0.5;
  }
  return out;
}

/** Times real time at which `run` processes SECONDS of audio (best of 3). */
function timesRealTime(run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return (SECONDS * 1000) / best;
}

function nodeFigures(): void {
  console.log("Node: resampler, 128-sample blocks (times real time, one core)");
  for (const [from, to] of [
    [48_000, 24_000],
    [44_100, 24_000],
    [16_000, 24_000],
    [96_000, 24_000],
    [24_000, 48_000],
    [24_000, 44_100],
  ] as const) {
    const input = noise(from * SECONDS);
    const r = new Resampler(from, to);
    const out = new Float32Array(r.maxOutput(QUANTUM));
    const x = timesRealTime(() => {
      for (let i = 0; i + QUANTUM <= input.length; i += QUANTUM) {
        r.process(input.subarray(i, i + QUANTUM), out);
      }
    });
    console.log(`  ${from} → ${to} Hz  ${x.toFixed(0).padStart(5)}×   (${r.half * 2} taps)`);
  }
  console.log("Node: whole worklet pipelines (times real time)");
  for (const rate of [44_100, 48_000]) {
    const input = noise(rate * SECONDS);
    const x = timesRealTime(() => {
      const core = new CaptureCore(rate, 480, true, () => undefined);
      for (let i = 0; i + QUANTUM <= input.length; i += QUANTUM) {
        core.process(input.subarray(i, i + QUANTUM));
      }
    });
    console.log(`  capture ${rate} Hz → 24 kHz frames + PCM16 + base64 + level  ${x.toFixed(0)}×`);
  }
  const deltas = Array.from({ length: SECONDS * 10 }, (_, i) =>
    encodeBase64(floatToPcm16(noise(2400 + i))),
  );
  for (const rate of [44_100, 48_000]) {
    const x = timesRealTime(() => {
      const core = new PlaybackCore(rate, 40, () => undefined);
      const out = new Float32Array(QUANTUM);
      for (const audio of deltas) core.chunk("i", audio);
      for (let i = 0; i < (rate * SECONDS) / QUANTUM; i++) core.render(out);
    });
    console.log(`  playback base64 + 24 kHz → ${rate} Hz + level  ${x.toFixed(0)}×`);
  }
  const gz = gzipSync(audioWorkletSource, { level: 9 }).length;
  console.log(`  worklet module: ${audioWorkletSource.length} B minified, ${gz} B gzip -9`);
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${at(1).toFixed(1)} ms (n=${values.length})`;
};

async function browserFigures(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "swaram-bench-"));
  const server = await startPageServer();
  const browser = await launchChromium({ fakeMic: (await makeSpeechWav(dir)).path });
  try {
    const page = await openHarness(browser, server.url);
    const started = await page.evaluate(() => window.harness.start({ prebufferMs: 40 }));
    if (!started.ok) throw new Error(started.message);
    const info = await page.evaluate(() => ({
      rate: window.harness.context.sampleRate,
      base: window.harness.context.baseLatency,
      output: window.harness.context.outputLatency,
    }));
    console.log(
      `Chromium (headless, context ${info.rate} Hz, baseLatency ${(info.base * 1000).toFixed(1)} ms, outputLatency ${(info.output * 1000).toFixed(1)} ms)`,
    );
    // `graph`: from the context time read at the call to the first (or last) sound in the
    // recorded output. `device`: the same instants mapped to performance.now() through
    // getOutputTimestamp(), so it includes the buffering up to the output device.
    const trial = (mode: "one" | "stream" | "flush") =>
      page.evaluate(async (mode) => {
        // No named functions in here: tsx would wrap them in a helper the page lacks.
        const h = window.harness;
        const audio = h.audio;
        if (!audio) throw new Error("not started");
        await h.wait(0.15);
        const id = `r${Math.random()}`;
        let stamp = h.context.getOutputTimestamp();
        let called = performance.now();
        let at = h.context.currentTime;
        if (mode === "stream") {
          for (let k = 0; k < 10; k++) {
            audio.play({ responseId: id, itemId: id, audio: h.toneDelta(1000, 0.02, 0.5) });
            await new Promise((r) => setTimeout(r, 20));
          }
        } else {
          const seconds = mode === "one" ? 0.2 : 2;
          audio.play({ responseId: id, itemId: id, audio: h.toneDelta(1000, seconds, 0.5) });
        }
        let index: number;
        if (mode === "flush") {
          await h.wait(0.3);
          stamp = h.context.getOutputTimestamp();
          called = performance.now();
          at = h.context.currentTime;
          audio.flush(id);
          await h.recordedUntil(at + 0.3);
          index = h.output(at, at + 0.3).findLastIndex((v) => Math.abs(v) > 0.001) + 1;
        } else {
          await h.recordedUntil(at + 0.6);
          index = h.output(at, at + 0.6).findIndex((v) => Math.abs(v) > 0.001);
        }
        const when = at + index / h.context.sampleRate;
        const heard = (stamp.performanceTime ?? 0) + (when - (stamp.contextTime ?? 0)) * 1000;
        return { graph: (when - at) * 1000, device: heard - called };
      }, mode);
    for (const [mode, label] of [
      ["one", "reply delta (one 200 ms delta) → audible"],
      ["stream", "reply deltas (20 ms each, every 20 ms) → audible"],
      ["flush", "flush() → silence (-60 dBFS)"],
    ] as const) {
      const graph: number[] = [];
      const device: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = await trial(mode);
        graph.push(t.graph);
        device.push(t.device);
      }
      console.log(
        `  ${label}\n    at the graph output: ${stats(graph)}\n    at the device:       ${stats(device)}`,
      );
    }
    await page.evaluate(() => window.harness.reset());
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

nodeFigures();
await browserFigures();
