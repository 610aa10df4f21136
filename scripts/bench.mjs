#!/usr/bin/env node
// `pnpm bench`: every benchmark of the kit, one after another. Each prints its own figures;
// none passes or fails on timing (the bundle-size script exits 1 above its byte budget,
// which is deterministic). Run on a quiet machine for figures worth comparing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const benches = [
  [
    "bundle size (VoiceButton + useSwaramSession)",
    "packages/react/scripts/size.mjs",
    ["pnpm", "--filter", "@swaram/react", "size"],
  ],
  [
    "audio DSP and in-browser audio latency",
    "packages/client/bench/audio.ts",
    ["pnpm", "--filter", "@swaram/client", "bench:audio"],
  ],
  ["end to end in Chromium", "apps/demo/bench/e2e.mjs", ["node", "apps/demo/bench/e2e.mjs"]],
  [
    "dev server concurrency",
    "packages/dev-server/bench/sessions.mjs",
    ["node", "packages/dev-server/bench/sessions.mjs", "50", "200", "300"],
  ],
];
const only = process.argv[2];
let failed = false;
for (const [name, file, [cmd, ...args]] of benches) {
  if (!existsSync(`${root}/${file}`)) continue;
  if (only && !name.includes(only)) continue;
  console.log(`\n=== ${name}: ${[cmd, ...args].join(" ")} ===`);
  const run = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
