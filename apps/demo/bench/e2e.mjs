#!/usr/bin/env node
// End-to-end figures in Chromium, through the real demo and dev server:
//   node apps/demo/bench/e2e.mjs [cycles=200]
// Prints figures and the method behind each; it never passes or fails on timing.
// It reuses the end-to-end harness (apps/demo/e2e/harness, TypeScript): the script
// re-runs itself under tsx with the @swaram/source condition, so no build step is needed.
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

if (!process.env.SWARAM_BENCH_CHILD) {
  const run = spawnSync(
    process.execPath,
    [
      "--conditions=@swaram/source",
      "--import",
      import.meta.resolve("tsx"),
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: "inherit", env: { ...process.env, SWARAM_BENCH_CHILD: "1" } },
  );
  process.exit(run.status ?? 1);
}

const CYCLES = Number(process.argv[2] ?? 200);
const TURNS = 6;
const BARGE_INS = 6;
const CONTROL_CYCLES = 20;
const HELD_CLASSES = [
  "AudioContext",
  "AudioWorkletNode",
  "MediaStream",
  "MediaStreamTrack",
  "WebSocket",
];
const LONG_REPLY = [
  "ഞങ്ങളുടെ കടയിൽ പലതരം സാധനങ്ങൾ ഉണ്ട്, പുസ്തകങ്ങളും വസ്ത്രങ്ങളും അടുക്കള സാധനങ്ങളും.",
  "ഓരോ ഓർഡറും പാക്ക് ചെയ്ത് രണ്ടു ദിവസത്തിനുള്ളിൽ അയക്കും, അയച്ചു കഴിഞ്ഞാൽ നിങ്ങൾക്ക് ഒരു സന്ദേശം കിട്ടും.",
].join(" ");

const { mkdtemp, rm } = await import("node:fs/promises");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");
const { launchChromium } = await import("../e2e/harness/chromium.ts");
const { openDemo } = await import("../e2e/harness/demoPage.ts");
const { readProbe } = await import("../e2e/harness/probe.ts");
const { QUESTION, writeMicWav } = await import("../e2e/harness/speech.ts");
const { startStack } = await import("../e2e/harness/stack.ts");
const { collectGarbage, firstOutput, metrics, outputAt, retained, sleep, summary, until } =
  await import("./measure.mjs");

const dir = await mkdtemp(join(tmpdir(), "swaram-bench-e2e-"));
const rows = [];
const browsers = [];
const stacks = [];
try {
  // A conversation: a question every ~8 s, short built-in replies, no barge-in.
  const conversationWav = join(dir, "question-every-8s.wav");
  await writeMicWav(conversationWav, [{ silenceMs: 500 }, { say: QUESTION }, { silenceMs: 5_500 }]);
  // Barge-in: a question every ~6 s, each reply long, so every question interrupts.
  const bargeInWav = join(dir, "question-every-6s.wav");
  await writeMicWav(bargeInWav, [{ silenceMs: 500 }, { say: QUESTION }, { silenceMs: 3_500 }]);

  // --- reply delta → audible output, and main-thread time per second of conversation ---
  {
    const stack = await startStack();
    stacks.push(stack);
    const browser = await launchChromium({ fakeMic: conversationWav });
    browsers.push(browser);
    const demo = await openDemo(browser, stack);
    const cdp = await demo.context.newCDPSession(demo.page);
    await cdp.send("Performance.enable");
    const idleStart = await metrics(cdp);
    await sleep(5_000);
    const idleEnd = await metrics(cdp);
    await demo.button.click();
    await demo.waitForState("connected");
    const start = await metrics(cdp);
    await until(
      `${TURNS} replies`,
      async () =>
        (await readProbe(demo.page)).events.filter((e) => e.type === "response.done").length >=
        TURNS,
      TURNS * 12_000 + 30_000,
    );
    const end = await metrics(cdp);
    const probe = await readProbe(demo.page);
    const deltas = probe.events.filter((e) => e.type === "response.output_audio.delta");
    const audible = [];
    deltas.forEach((delta, i) => {
      const rise = firstOutput(probe, delta.t, deltas[i + 1]?.t ?? Infinity, (v) => v > 0);
      if (rise) audible.push(rise.t - delta.t);
    });
    rows.push([
      "reply audio delta → audible output",
      summary(audible),
      `page clock: arrival of a reply's first response.output_audio.delta (a WebSocket listener added before the kit's) → first output meter aria-valuenow > 0 (level > -60 dBFS; the meter updates once per animation frame, the worklet reports every 20 ms); dev server speech: ${stack.dev.speech}`,
    ]);
    const rate = (a, b, name) => (1000 * (b[name] - a[name])) / (b.Timestamp - a.Timestamp);
    const main = (a, b) =>
      `${rate(a, b, "ThreadTime").toFixed(0)} ms/s CPU; tasks ${rate(a, b, "TaskDuration").toFixed(0)} ms/s (script ${rate(a, b, "ScriptDuration").toFixed(0)}, style ${rate(a, b, "RecalcStyleDuration").toFixed(0)}, layout ${rate(a, b, "LayoutDuration").toFixed(0)}, other: paint, compositing, messages ${rate(a, b, "TaskOtherDuration").toFixed(0)}); ${((b.RecalcStyleCount - a.RecalcStyleCount) / (b.Timestamp - a.Timestamp)).toFixed(0)} style recalcs/s`;
    rows.push([
      "main-thread time per second of conversation",
      `${main(start, end)} (over ${(end.Timestamp - start.Timestamp).toFixed(0)} s, ${TURNS} turns); idle page before starting: ${main(idleStart, idleEnd)}`,
      "CDP Performance.getMetrics deltas of the renderer main thread (ThreadTime = its CPU time; TaskDuration and its parts = wall time inside tasks), from connected to the last reply's response.done, per second of Timestamp; includes the demo's event log, status panel, meters and the button's level ring, and the probe's listeners (one JSON.parse per server event, a MutationObserver); the audio worklet thread is not counted",
    ]);
    await demo.close();
  }

  // --- speech_started → output silence ---
  {
    const stack = await startStack();
    stacks.push(stack);
    for (let i = 0; i < BARGE_INS + 4; i++) stack.dev.script.reply(LONG_REPLY);
    const browser = await launchChromium({ fakeMic: bargeInWav });
    browsers.push(browser);
    const demo = await openDemo(browser, stack);
    await demo.button.click();
    await demo.waitForState("connected");
    const cancelled = () =>
      stack.events.filter(
        (e) => e.type === "response.done" && e.event.response?.status === "cancelled",
      ).length;
    await until(
      `${BARGE_INS} barge-ins`,
      async () => cancelled() >= BARGE_INS,
      BARGE_INS * 9_000 + 30_000,
    );
    const probe = await readProbe(demo.page);
    const silenced = [];
    let inPause = 0;
    for (const started of probe.events.filter(
      (e) => e.type === "input_audio_buffer.speech_started",
    )) {
      if (outputAt(probe, started.t) === 0) {
        // Nothing audible at that instant (no reply yet, or a pause between words).
        inPause++;
        continue;
      }
      const silent = firstOutput(probe, started.t, Infinity, (v) => v === 0);
      if (silent) silenced.push(silent.t - started.t);
    }
    rows.push([
      "speech_started → output silence",
      `${summary(silenced)}; ${inPause} speech_started while already silent, not counted`,
      "page clock: arrival of input_audio_buffer.speech_started while the output meter read > 0 → first output meter reading of 0 (same meter resolution as above); the kit flushes playback on speech_started",
    ]);
    await demo.close();
  }

  // --- leaks after start/stop cycles ---
  {
    const stack = await startStack({ tokenRateLimit: false });
    stacks.push(stack);
    const browser = await launchChromium({ fakeMic: conversationWav });
    browsers.push(browser);
    const demo = await openDemo(browser, stack, { weakProbe: true });
    const cdp = await demo.context.newCDPSession(demo.page);
    const cycle = async () => {
      await demo.button.click();
      await demo.waitForState("connected");
      await demo.button.click();
      await demo.waitForState("closed");
    };
    const heap = async () => {
      await collectGarbage(cdp);
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      const dom = await cdp.send("Memory.getDOMCounters");
      return { usedSize, ...dom };
    };
    const held = () =>
      demo.page.evaluate(() => {
        const p = window.__probe;
        return {
          tracks: p.tracksCreated - p.tracksStopped,
          contexts: p.contextsCreated - p.contextsClosed,
          sockets: p.sockets.filter((s) => s.closeCode === null).length,
          created: {
            tracks: p.tracksCreated,
            contexts: p.contextsCreated,
            sockets: p.sockets.length,
          },
        };
      });
    for (let i = 0; i < 5; i++) await cycle(); // warm-up: lazy modules, JIT, worklet code
    await sleep(500);
    const before = await heap();
    const started = Date.now();
    for (let i = 0; i < CYCLES; i++) await cycle();
    const cyclesMs = Date.now() - started;
    await sleep(1_000);
    const after = await heap();
    const left = await held();
    const reachable = await readProbe(demo.page);
    const kept = await retained(cdp, HELD_CLASSES);
    const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
    rows.push([
      `JS heap after ${CYCLES} start/stop cycles`,
      `${kib(before.usedSize)} → ${kib(after.usedSize)} (${after.usedSize >= before.usedSize ? "+" : ""}${kib(after.usedSize - before.usedSize)}, ${((after.usedSize - before.usedSize) / CYCLES).toFixed(0)} B/cycle); DOM nodes ${before.nodes} → ${after.nodes}, listeners ${before.jsEventListeners} → ${after.jsEventListeners}`,
      "CDP HeapProfiler.collectGarbage ×2 then Runtime.getHeapUsage usedSize, and Memory.getDOMCounters, after 5 warm-up cycles and after the cycles; a cycle = click, wait for data-state=connected, click, wait for data-state=closed (real token mint and session each time)",
    ]);
    rows.push([
      `live tracks / open AudioContexts / open sockets after ${CYCLES} cycles`,
      `${left.tracks} / ${left.contexts} / ${left.sockets} (of ${left.created.tracks} tracks, ${left.created.contexts} contexts, ${left.created.sockets} sockets created; still reachable: ${reachable.tracks.filter((s) => s === "live").length} live tracks, ${reachable.contextsOpen} open contexts)`,
      "init script wrapping getUserMedia, MediaStreamTrack.stop, AudioContext (constructor, close, statechange) and WebSocket; counts created minus stopped/closed, holding the objects only weakly",
    ]);
    rows.push([
      `objects still in the heap after ${CYCLES} cycles`,
      Object.entries(kept)
        .map(([name, n]) => `${name} ${n}`)
        .join(", "),
      "CDP HeapProfiler.collectGarbage ×2, then Runtime.queryObjects on each class's prototype (the probe holds nothing strongly); compare with the control below",
    ]);
    rows.push([
      "start/stop cycle time",
      `${(cyclesMs / CYCLES).toFixed(0)} ms per cycle (${CYCLES} cycles)`,
      "wall clock of the cycle loop, Playwright round trips included",
    ]);
    await demo.close();

    // Control: the same Web Audio life cycle with the raw browser APIs, no kit.
    const control = await browser.newContext();
    const page = await control.newPage();
    await page.goto(stack.demoUrl);
    const controlCdp = await control.newCDPSession(page);
    for (let i = 0; i < CONTROL_CYCLES; i++) {
      await page.evaluate(async () => {
        const context = new AudioContext();
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        const code =
          "registerProcessor('pass', class extends AudioWorkletProcessor { process() { return true; } });";
        const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
        await context.audioWorklet.addModule(url);
        URL.revokeObjectURL(url);
        const node = new AudioWorkletNode(context, "pass");
        const source = context.createMediaStreamSource(stream);
        source.connect(node).connect(context.destination);
        await new Promise((resolve) => setTimeout(resolve, 50));
        source.disconnect();
        node.disconnect();
        node.port.close();
        for (const track of stream.getTracks()) track.stop();
        await context.close();
      });
    }
    await sleep(1_000);
    await collectGarbage(controlCdp);
    const controlKept = await retained(controlCdp, HELD_CLASSES);
    rows.push([
      `control: raw Web Audio, ${CONTROL_CYCLES} cycles, no kit`,
      Object.entries(controlKept)
        .map(([name, n]) => `${name} ${n}`)
        .join(", "),
      "a page of the same origin creating an AudioContext, getUserMedia, one AudioWorkletNode fed by the mic, then disconnecting, stopping the track and closing the context, per cycle; counted as above",
    ]);
    await control.close();
  }

  const version = browsers[0]?.version() ?? "?";
  console.log(
    `\nswaram demo end to end — ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? "?"} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, Chromium ${version} (headless, fake microphone)\n`,
  );
  console.log("| figure | value | method |\n|---|---|---|");
  for (const [figure, value, method] of rows) console.log(`| ${figure} | ${value} | ${method} |`);
} finally {
  for (const browser of browsers) await browser.close().catch(() => undefined);
  for (const stack of stacks) await stack.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
