#!/usr/bin/env node
// `pnpm bench`: every benchmark of the kit, one after another. Each prints its own figures;
// none passes or fails on timing. Run on a quiet machine for figures worth comparing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const benches = [
  ["bundle size", "scripts/bench-size.mjs", []],
  ["audio DSP and browser audio", "packages/client/bench/audio.mjs", []],
  ["end to end in Chromium", "apps/demo/bench/e2e.mjs", []],
  ["dev server concurrency", "packages/dev-server/bench/sessions.mjs", ["50", "100", "200"]],
];
let failed = false;
for (const [name, file, args] of benches) {
  if (!existsSync(`${root}/${file}`)) continue;
  console.log(`\n=== ${name} (node ${file} ${args.join(" ")}) ===`);
  const run = spawnSync(process.execPath, [file, ...args], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
