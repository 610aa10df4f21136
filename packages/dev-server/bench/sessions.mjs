#!/usr/bin/env node
// How many concurrent real-time sessions the dev server sustains, and its memory per session.
// The server runs in a child process; this process plays N users, each streaming 20 ms PCM16
// frames at real time (a spoken turn, then silence) and timing the replies that come back.
// Usage: node bench/sessions.mjs [N ...]   (default 50 100 200)
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

const levels = process.argv.slice(2).map(Number).filter(Boolean);
const counts = levels.length ? levels : [50, 100, 200];
const FRAME_MS = Number(process.env.FRAME_MS ?? 20);
const RUN_MS = Number(process.env.RUN_MS ?? 20_000);
const here = fileURLToPath(new URL(".", import.meta.url));

function startServer() {
  const child = fork(`${here}/serverProcess.mjs`, {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve) => child.once("message", (m) => resolve({ child, ...m })));
}
const ask = (child, type) =>
  new Promise((resolve) => {
    child.once("message", resolve);
    child.send({ type });
  });

// A "user": 1.2 s of a voiced 200 Hz buzz with syllable-like envelope, then 6.8 s of silence.
function userAudio() {
  const rate = 24_000;
  const pcm = new Int16Array(rate * 8);
  for (let i = 0; i < rate * 1.2; i++) {
    const env = 0.5 + 0.5 * Math.sin((2 * Math.PI * 4 * i) / rate);
    pcm[i] = Math.round(9000 * env * Math.sin((2 * Math.PI * 200 * i) / rate));
  }
  return pcm;
}

async function runLevel(n) {
  const server = await startServer();
  const before = await ask(server.child, "stats");
  const audio = userAudio();
  const frame = (FRAME_MS / 1000) * 24_000;
  const frames = [];
  for (let i = 0; i < audio.length; i += frame)
    frames.push(Buffer.from(audio.buffer, i * 2, frame * 2).toString("base64"));
  const replies = []; // { audioMs, wallMs }
  let errors = 0;
  const sockets = await Promise.all(
    Array.from({ length: n }, async (_, idx) => {
      const res = await fetch(`${server.url}/v1/realtime/client_secrets`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
        body: "{}",
      });
      const { value } = await res.json();
      const ws = new WebSocket(`${server.wsUrl}/v1/realtime?model=mal-realtime-simple`, [
        "realtime",
        `openai-insecure-api-key.${value}`,
      ]);
      let current;
      ws.on("message", (data) => {
        const e = JSON.parse(String(data));
        if (e.type === "response.output_audio.delta") {
          const ms = (Buffer.byteLength(e.delta, "base64") / 48_000) * 1000;
          if (!current) current = { first: performance.now(), audioMs: 0 };
          current.audioMs += ms;
          current.last = performance.now();
        } else if (e.type === "response.done" && current) {
          replies.push({ audioMs: current.audioMs, wallMs: current.last - current.first });
          current = undefined;
        } else if (e.type === "error") errors++;
      });
      await new Promise((r, j) => {
        ws.once("open", r);
        ws.once("error", j);
      });
      // Stagger users across one frame period so sends are spread out.
      let i = Math.floor((idx / n) * frames.length);
      const start = performance.now();
      let sent = 0;
      const tick = () => {
        const due = Math.floor((performance.now() - start) / FRAME_MS);
        while (sent <= due) {
          if (ws.readyState === ws.OPEN)
            ws.send(
              JSON.stringify({
                type: "input_audio_buffer.append",
                audio: frames[i % frames.length],
              }),
            );
          i++;
          sent++;
        }
        ws.timer = setTimeout(tick, FRAME_MS);
      };
      tick();
      return ws;
    }),
  );
  await new Promise((r) => setTimeout(r, RUN_MS));
  const after = await ask(server.child, "stats");
  for (const ws of sockets) {
    clearTimeout(ws.timer);
    ws.terminate();
  }
  server.child.kill();
  const ratios = replies
    .filter((r) => r.audioMs > 500)
    .map((r) => (r.wallMs + 100) / r.audioMs)
    .sort((a, b) => a - b);
  const pct = (p) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))] ?? NaN;
  const cpu = ((after.cpu - before.cpu) / 1000 / (after.at - before.at)) * 100;
  return {
    sessions: n,
    replies: ratios.length,
    pacingP50: pct(0.5).toFixed(3),
    pacingP99: pct(0.99).toFixed(3),
    loopDelayP99ms: after.loopP99.toFixed(1),
    serverCpuPct: cpu.toFixed(0),
    rssPerSessionKiB: ((after.rss - before.rss) / n / 1024).toFixed(0),
    errors,
  };
}

console.log(
  `dev server load: ${FRAME_MS} ms frames at real time, ${RUN_MS / 1000} s per level, ${readFileSync("/proc/cpuinfo", "utf8").match(/processor/g)?.length ?? "?"} cores`,
);
console.log(
  "pacing = reply stream wall time / reply audio duration (1.000 = exactly real time; above 1 = falling behind)",
);
const rows = [];
for (const n of counts) rows.push(await runLevel(n));
console.table(rows);
