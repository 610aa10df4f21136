// Child process of bench/sessions.mjs: the dev server, reporting its own CPU, memory and loop delay.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startDevServer } from "../dist/index.js";

const server = await startDevServer({ port: 0, quiet: true, turnDelayMs: 100 });
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.on("message", (m) => {
  if (m.type !== "stats") return;
  global.gc?.();
  const { user, system } = process.cpuUsage();
  process.send({
    cpu: user + system,
    at: performance.now(),
    rss: process.memoryUsage().rss,
    loopP99: loop.percentile(99) / 1e6,
  });
  loop.reset();
});
process.send({ url: server.url, wsUrl: server.wsUrl, key: server.key });
