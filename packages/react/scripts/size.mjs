#!/usr/bin/env node
// Size budget of what an app ships for <VoiceButton> + useSwaramSession:
// bundled with esbuild (minified ESM for browsers, React external; the client
// core, its inlined audio worklets and zustand included), then gzip -9.
// Prints the total and the weight of each package and module; exits 1 above
// the budget.
//   pnpm --filter @swaram/react size [--json]
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const BUDGET = 12 * 1024;
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const external = ["react", "react-dom", "react/jsx-runtime", "react-dom/*"];

const gz = (text) => gzipSync(text, { level: 9 }).length;

async function bundle(contents) {
  const result = await build({
    stdin: { contents, resolveDir: packageDir, loader: "ts", sourcefile: "size-entry.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    conditions: ["@swaram/source"],
    external,
    define: { "process.env.NODE_ENV": '"production"', "import.meta.env.MODE": '"production"' },
    metafile: true,
    write: false,
    logLevel: "error",
  });
  const text = result.outputFiles[0].text;
  const output = Object.values(result.metafile.outputs)[0];
  return { minified: Buffer.byteLength(text), gzip: gz(text), inputs: output.inputs };
}

function packageOf(path) {
  if (path.includes("node_modules/")) {
    const rest = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    return rest.startsWith("@") ? rest.split("/").slice(0, 2).join("/") : rest.split("/")[0];
  }
  if (path.startsWith("src/") || path === "size-entry.ts") return "@swaram/react";
  const match = /(?:^|\/)packages\/([^/]+)\//.exec(path) ?? /^\.\.\/([^/]+)\//.exec(path);
  return match ? `@swaram/${match[1]}` : path;
}

const total = await bundle(`export { VoiceButton, useSwaramSession } from "./src/index.ts";`);
// Each layer alone, for the breakdown (gzip sizes do not add up exactly).
const clientAlone = await bundle(`export { createSwaramSession } from "@swaram/client";`);
const zustandAlone = await bundle(
  `export { createStore } from "zustand/vanilla"; export { useStore } from "zustand"; export { useShallow } from "zustand/react/shallow";`,
);

const byPackage = new Map();
const modules = Object.entries(total.inputs)
  .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
  .filter((m) => m.bytes > 0)
  .sort((a, b) => b.bytes - a.bytes);
for (const m of modules)
  byPackage.set(packageOf(m.path), (byPackage.get(packageOf(m.path)) ?? 0) + m.bytes);

const report = {
  entry: "VoiceButton + useSwaramSession from @swaram/react",
  minifiedBytes: total.minified,
  gzipBytes: total.gzip,
  budgetBytes: BUDGET,
  withinBudget: total.gzip <= BUDGET,
  layersAloneGzip: {
    "@swaram/client (createSwaramSession, worklets included)": clientAlone.gzip,
    zustand: zustandAlone.gzip,
    "@swaram/react on top (total minus client alone)": total.gzip - clientAlone.gzip,
  },
  minifiedBytesByPackage: Object.fromEntries([...byPackage].sort((a, b) => b[1] - a[1])),
  minifiedBytesByModule: Object.fromEntries(modules.map((m) => [m.path, m.bytes])),
};

if (process.argv.includes("--json")) console.log(JSON.stringify(report, null, 2));
else {
  const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
  console.log(`${report.entry}`);
  console.log(`  min:      ${total.minified} bytes (${kb(total.minified)})`);
  console.log(
    `  min+gzip: ${total.gzip} bytes (${kb(total.gzip)}), budget ${BUDGET} bytes (${kb(BUDGET)})`,
  );
  console.log("  gzip of each layer alone:");
  for (const [name, bytes] of Object.entries(report.layersAloneGzip))
    console.log(`    ${String(bytes).padStart(6)}  ${name}`);
  console.log("  minified bytes by package:");
  for (const [name, bytes] of byPackage) console.log(`    ${String(bytes).padStart(6)}  ${name}`);
  console.log("  largest modules (minified bytes):");
  for (const m of modules.slice(0, 15))
    console.log(`    ${String(m.bytes).padStart(6)}  ${m.path}`);
}

if (!report.withinBudget) {
  console.error(
    `\nOver budget: ${total.gzip} bytes min+gzip > ${BUDGET} (by ${total.gzip - BUDGET} bytes).`,
  );
  process.exit(1);
}
console.log(`\nWithin budget: ${total.gzip} <= ${BUDGET} bytes min+gzip.`);
