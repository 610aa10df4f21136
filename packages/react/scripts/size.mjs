#!/usr/bin/env node
// Size budget of what an app ships for <VoiceButton> + useSwaramSession:
// bundled with esbuild (minified ESM for browsers, React external; the client
// core, its inlined audio worklets and zustand included) with code splitting,
// so that anything the code loads through import() would be a chunk of its own
// (today there is none: one chunk). Every chunk reachable from the entry,
// statically or through import(), is gzipped (-9) on its own and counted: the
// total is what a browser downloads. Prints the total, each chunk, and the weight of each
// package and module; exits 1 above the budget.
//   pnpm --filter @swaram/react size [--json] [--budget BYTES]
// The same entry is also built the way a Vite 8 app builds it (Rolldown, Oxc minifier), and
// the budget applies to both: minifiers differ (Rolldown's plain `minify: true` evaluates
// encodeURIComponent of a constant, which shipped the worklet twice), and Vite is what most React
// apps are built with.
// The target is 12 KB. CI passes --budget with the current ceiling so the size cannot grow
// while the target is still out of reach (see the README's "Measured" section).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { defaultClientConditions, build as viteBuild } from "vite";

const budgetArg = process.argv.indexOf("--budget");
const BUDGET = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 12 * 1024;
if (!Number.isInteger(BUDGET) || BUDGET <= 0) throw new Error("--budget takes a number of bytes");
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = resolve(packageDir, "size-out"); // never written: write is false
const external = ["react", "react-dom", "react/jsx-runtime", "react-dom/*"];

const gz = (text) => gzipSync(text, { level: 9 }).length;

/** Bundle `contents`; the chunks reachable from its entry, with their sizes and inputs. */
/** How an app's bundler sees `contents`: browser ESM, production, React external. */
const bundling = (contents) => ({
  stdin: { contents, resolveDir: packageDir, loader: "ts", sourcefile: "size-entry.ts" },
  absWorkingDir: packageDir,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  jsx: "automatic",
  conditions: ["@swaram/source"],
  external,
  define: { "process.env.NODE_ENV": '"production"', "import.meta.env.MODE": '"production"' },
  write: false,
  logLevel: "error",
});

async function bundle(contents) {
  const result = await build({
    ...bundling(contents),
    splitting: true,
    outdir,
    minify: true,
    metafile: true,
  });
  const texts = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint === "size-entry.ts");
  const chunks = [];
  const seen = new Set();
  const visit = (path, how) => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = texts.get(resolve(packageDir, path));
    chunks.push({
      text,
      file: path.slice(path.lastIndexOf("/") + 1),
      loaded: how,
      minified: Buffer.byteLength(text),
      gzip: gz(text),
      inputs: outputs[path].inputs,
    });
    for (const imported of outputs[path].imports) {
      if (imported.external) continue;
      const kind = imported.kind === "dynamic-import" ? "import()" : "static import";
      visit(imported.path, how === "entry" ? kind : how);
    }
  };
  visit(entry, "entry");
  return {
    chunks,
    minified: chunks.reduce((sum, chunk) => sum + chunk.minified, 0),
    gzip: chunks.reduce((sum, chunk) => sum + chunk.gzip, 0),
  };
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

/** The same entry through a Vite 8 production build (React external): its chunks, gzipped and summed. */
async function viteBundle(contents) {
  const id = "\0size-entry";
  const result = await viteBuild({
    configFile: false,
    root: packageDir,
    logLevel: "silent",
    mode: "production",
    resolve: { conditions: ["@swaram/source", ...defaultClientConditions] },
    plugins: [
      {
        name: "size-entry",
        resolveId: (source) => (source === "size-entry" ? id : null),
        load: (source) => (source === id ? contents : null),
      },
    ],
    build: {
      write: false,
      target: "es2022",
      modulePreload: false,
      rollupOptions: {
        input: "size-entry",
        external: [/^react(-dom)?(\/|$)/],
        preserveEntrySignatures: "strict",
      },
    },
  });
  const chunks = (Array.isArray(result) ? result[0] : result).output.filter(
    (output) => output.type === "chunk",
  );
  return {
    text: chunks.map((chunk) => chunk.code).join("\n"),
    minified: chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
    gzip: chunks.reduce((sum, chunk) => sum + gz(chunk.code), 0),
  };
}

const ENTRY = `export { VoiceButton, useSwaramSession } from "./src/index.ts";`;
const total = await bundle(ENTRY);
const vite = await viteBundle(
  ENTRY.replace("./src/index.ts", resolve(packageDir, "src/index.ts").replaceAll("\\", "/")),
);
// Each layer alone, for the breakdown (gzip sizes do not add up exactly).
const clientAlone = await bundle(`export { createSwaramSession } from "@swaram/client";`);
const zustandAlone = await bundle(
  `export { createStore } from "zustand/vanilla"; export { useStore } from "zustand";`,
);

/**
 * What each part of the entry adds to the gzip total: the bundle is built once with its
 * module markers kept, then minified and gzipped with that part's modules left out. (Parts
 * compress against each other, so their costs add up to a little less than the total.)
 */
async function partCosts(contents, parts) {
  const result = await build({ ...bundling(contents), minifySyntax: true, legalComments: "none" });
  const segments = [];
  for (const line of result.outputFiles[0].text.split("\n")) {
    const marker = /^\/\/ (\S+\.m?[jt]sx?)$/.exec(line);
    if (marker || segments.length === 0) segments.push({ path: marker?.[1] ?? "", lines: [] });
    if (!marker) segments.at(-1).lines.push(line);
  }
  const gzipOf = async (kept) => {
    const text = kept.map((segment) => segment.lines.join("\n")).join("\n");
    return gz((await transform(text, { minify: true, format: "esm", target: "es2022" })).code);
  };
  const whole = await gzipOf(segments);
  const costs = {};
  for (const [name, test] of Object.entries(parts)) {
    costs[name] = whole - (await gzipOf(segments.filter((segment) => !test(segment.path))));
  }
  return costs;
}

const client = (dir) => (path) => path.includes(`client/src/${dir}`);
const costs = await partCosts(ENTRY, {
  "session state machine (client src/session)": client("session/"),
  "AudioWorklet script, inlined (client src/audio/worklets)": client("audio/worklets.generated"),
  "audio engine, main thread (client src/audio)": (path) =>
    client("audio/")(path) && !path.includes("worklets.generated"),
  "token source, protocol, tools, errors (client src/auth, protocol, tools)": (path) =>
    /client\/src\/(auth|protocol|tools)\/|client\/src\/errors/.test(path),
  "React layer without the labels (react src)": (path) =>
    path.startsWith("src/") && !path.includes("voiceButtonLabels"),
  "VoiceButton labels, Malayalam and English (react src/i18n)": (path) =>
    path.includes("voiceButtonLabels"),
  zustand: (path) => path.includes("node_modules/") && path.includes("zustand"),
});

const byModule = new Map();
for (const chunk of total.chunks) {
  for (const [path, { bytesInOutput }] of Object.entries(chunk.inputs)) {
    if (bytesInOutput > 0) byModule.set(path, (byModule.get(path) ?? 0) + bytesInOutput);
  }
}
const modules = [...byModule].map(([path, bytes]) => ({ path, bytes }));
modules.sort((a, b) => b.bytes - a.bytes);
const byPackage = new Map();
for (const m of modules)
  byPackage.set(packageOf(m.path), (byPackage.get(packageOf(m.path)) ?? 0) + m.bytes);

const report = {
  entry: "VoiceButton + useSwaramSession from @swaram/react",
  minifiedBytes: total.minified,
  gzipBytes: total.gzip,
  budgetBytes: BUDGET,
  viteBuild: vite,
  withinBudget: total.gzip <= BUDGET && vite.gzip <= BUDGET,
  chunks: total.chunks.map(({ file, loaded, minified, gzip }) => ({
    file,
    loaded,
    minified,
    gzip,
  })),
  layersAloneGzip: {
    "@swaram/client (createSwaramSession, audio engine and worklets included)": clientAlone.gzip,
    zustand: zustandAlone.gzip,
    "@swaram/react on top (total minus client alone)": total.gzip - clientAlone.gzip,
  },
  gzipCostOfEachPart: costs,
  minifiedBytesByPackage: Object.fromEntries([...byPackage].sort((a, b) => b[1] - a[1])),
  minifiedBytesByModule: Object.fromEntries(modules.map((m) => [m.path, m.bytes])),
};

if (process.argv.includes("--json")) console.log(JSON.stringify(report, null, 2));
else {
  const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
  const pad = (n) => String(n).padStart(6);
  console.log(`${report.entry}`);
  console.log(`  min:      ${total.minified} bytes (${kb(total.minified)})`);
  console.log(
    `  min+gzip: ${total.gzip} bytes (${kb(total.gzip)}), budget ${BUDGET} bytes (${kb(BUDGET)})`,
  );
  console.log(
    `  min+gzip as a Vite 8 app builds it (Rolldown, Oxc minifier): ${vite.gzip} bytes (${vite.minified} min)`,
  );
  console.log("  chunks (each gzipped on its own; min+gzip is their sum):");
  for (const c of report.chunks)
    console.log(`    ${pad(c.gzip)} gzip ${pad(c.minified)} min  ${c.file} (${c.loaded})`);
  console.log("  gzip of each layer alone:");
  for (const [name, bytes] of Object.entries(report.layersAloneGzip))
    console.log(`    ${pad(bytes)}  ${name}`);
  console.log("  what each part adds to the gzip total (the total with it left out, subtracted):");
  for (const [name, bytes] of Object.entries(report.gzipCostOfEachPart))
    console.log(`    ${pad(bytes)}  ${name}`);
  console.log("  minified bytes by package:");
  for (const [name, bytes] of byPackage) console.log(`    ${pad(bytes)}  ${name}`);
  console.log("  largest modules (minified bytes):");
  for (const m of modules.slice(0, 15)) console.log(`    ${pad(m.bytes)}  ${m.path}`);
}

// Development-only code (the console warning of a session ending in an error) must be gone
// from a production build, where bundlers replace process.env.NODE_ENV.
if (
  total.chunks.some((chunk) => chunk.text.includes("console.warn")) ||
  vite.text.includes("console.warn")
) {
  console.error("\nThe production bundle carries development-only code (console.warn).");
  process.exit(1);
}

const largest = Math.max(total.gzip, vite.gzip);
if (!report.withinBudget) {
  console.error(
    `\nOver budget: ${largest} bytes min+gzip > ${BUDGET} (by ${largest - BUDGET} bytes).`,
  );
  process.exit(1);
}
console.log(`\nWithin budget: ${largest} <= ${BUDGET} bytes min+gzip (esbuild and Vite).`);
