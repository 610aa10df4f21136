#!/usr/bin/env node
// The kit in a Next.js App Router app, installed from the packed tarballs in a fresh folder
// outside the workspace. Its page is a server component that renders
// `<VoiceButton token="/api/swaram-token" />` straight from `@swaram/react` (which works only
// because the entry is a `"use client"` boundary that touches no browser API on the server),
// and its token route is the root README's Next.js snippet, copied from the README at run
// time. `next build` (with its type check) must pass; then `next start`, with SWARAM_API_KEY
// and SWARAM_BASE_URL pointing at a @swaram/dev-server started here, must serve the button
// server-rendered and idle and mint a token the dev server accepts, and the key must appear
// in no response and nowhere in the build output. Prints how long each step took.
//
// To see it fail, CHECK_NEXTJS_BEFORE_BUILD runs a shell command in the app folder right
// before `next build`, e.g. to drop the client boundary from the installed entry:
//   CHECK_NEXTJS_BEFORE_BUILD="sed -i 1d node_modules/@swaram/react/dist/index.js" node scripts/check-nextjs.mjs
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CREDENTIAL, packTarballs, redact, root, run, workspaceVersion } from "./pack-tarballs.mjs";

/** The Next.js release this check pins (the one known to install and build here). */
const NEXT_VERSION = "16.4.6";
const ROUTE_FILE = "app/api/swaram-token/route.ts";
const BUTTON = 'data-swaram="voice-button"';

/**
 * The README's Next.js route: the fenced block that starts with `// app/api/swaram-token/route.ts`.
 * The check needs the route to mint from the dev server; a snippet without `baseUrl` always
 * mints from the real service, so then `baseUrl: process.env.SWARAM_BASE_URL` is added after
 * `apiKey` (undefined still means the real service) and the summary says so.
 */
function readmeRoute() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = readme.match(/```ts\n(\/\/ app\/api\/swaram-token\/route\.ts[^\n]*\n[\s\S]*?)```/);
  if (!block) throw new Error(`README.md has no \`\`\`ts block starting "// ${ROUTE_FILE}"`);
  const source = block[1];
  if (source.includes("baseUrl")) return { source, added: false };
  const withBase = source.replace(
    /^(\s*)(apiKey:[^\n]*)$/m,
    "$1$2\n$1baseUrl: process.env.SWARAM_BASE_URL,",
  );
  if (withBase === source) throw new Error("the README's route passes no apiKey option");
  return { source: withBase, added: true };
}

/** A free loopback port (the kernel's pick, released for `next start` to take). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every file under `dir` whose text contains `needle` (a string or a global RegExp). */
function filesContaining(dir, needle) {
  const found = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, "latin1");
    if (typeof needle === "string" ? text.includes(needle) : text.match(needle)) found.push(path);
  }
  return found;
}

/** Runs `cmd` with `env`, keeping what it prints in `log` (printed when the check fails). */
function runLogged(cmd, args, cwd, env, log) {
  return new Promise((resolve, reject) => {
    const options = { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 };
    execFile(cmd, args, options, (error, stdout, stderr) => {
      log.push(stdout.toString(), stderr.toString());
      const how = error?.killed ? "did not finish within 5 minutes" : "failed";
      if (error) reject(new Error(`${cmd.split("/").pop()} ${args.join(" ")} ${how}`));
      else resolve();
    });
  });
}

/** Opens the dev server's realtime socket with `token` and returns its `session.created`. */
function sessionCreated(wsUrl, token) {
  const { WebSocket } = createRequire(join(root, "packages/dev-server/package.json"))("ws");
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/v1/realtime`, [
      "realtime",
      `openai-insecure-api-key.${token}`,
    ]);
    const timer = setTimeout(() => socket.terminate(), 5_000);
    socket.once("message", (data) => {
      socket.close();
      resolve(JSON.parse(data.toString()));
    });
    socket.once("error", reject);
    socket.once("close", (code) => reject(new Error(`the socket closed with ${code} first`)));
    socket.once("close", () => clearTimeout(timer));
  });
}

const started = performance.now();
const seconds = (from) => ((performance.now() - from) / 1000).toFixed(1);
const timings = [];
const work = mkdtempSync(join(tmpdir(), "swaram-nextjs-"));
const app = join(work, "app");
// Built here, never written down: the key the route holds and the dev server accepts.
const key = ["swaram", randomBytes(24).toString("hex")].join("_");
const log = [];
const serverLog = [];
const seen = [];
const release = [() => rmSync(work, { recursive: true, force: true })];
/** Process groups of `next start`: killed on any exit, also one by Ctrl-C or a CI timeout. */
const groups = new Set();
process.on("exit", () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
  }
  rmSync(work, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => process.exit(130));
let step = "pack the tarballs";
try {
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  const packed = packTarballs(tarballs, ["client", "react", "server"]);
  const route = readmeRoute();
  mkdirSync(join(app, "app/api/swaram-token"), { recursive: true });
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      {
        name: "nextjs-consumer-app",
        private: true,
        dependencies: {
          ...Object.fromEntries(
            Object.entries(packed).map(([name, file]) => [name, `file:${file}`]),
          ),
          next: NEXT_VERSION,
          react: "^19.2.0",
          "react-dom": "^19.2.0",
        },
        devDependencies: {
          "@types/node": workspaceVersion("@types/node"),
          "@types/react": "^19.2.0",
          "@types/react-dom": "^19.2.0",
          typescript: workspaceVersion("typescript"),
        },
      },
      null,
      2,
    ),
  );
  // Pins the app root: a lockfile in a parent of the temp folder must not become the root.
  writeFileSync(
    join(app, "next.config.mjs"),
    `export default { turbopack: { root: ${JSON.stringify(app)} }, outputFileTracingRoot: ${JSON.stringify(app)} };\n`,
  );
  // Next's own template (skipLibCheck: next's declarations need newer DOM types than
  // TypeScript 5.9 has; check-consumer.mjs type-checks the kit's declarations without it).
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          lib: ["dom", "dom.iterable", "esnext"],
          allowJs: true,
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          esModuleInterop: true,
          module: "esnext",
          moduleResolution: "bundler",
          resolveJsonModule: true,
          isolatedModules: true,
          jsx: "react-jsx",
          incremental: true,
          plugins: [{ name: "next" }],
        },
        include: [
          "next-env.d.ts",
          "**/*.ts",
          "**/*.tsx",
          ".next/types/**/*.ts",
          ".next/dev/types/**/*.ts",
        ],
        exclude: ["node_modules"],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(app, "app/layout.tsx"),
    `import "@swaram/react/styles.css";
import type { ReactNode } from "react";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ml">
      <body>{children}</body>
    </html>
  );
}
`,
  );
  // A server component (no "use client" here): the import is a client reference only
  // because @swaram/react's entry says "use client".
  writeFileSync(
    join(app, "app/page.tsx"),
    `import { VoiceButton } from "@swaram/react";

export default function Page() {
  return (
    <main>
      <VoiceButton token="/api/swaram-token" />
    </main>
  );
}
`,
  );
  writeFileSync(join(app, ROUTE_FILE), route.source);

  step = "npm install";
  let at = performance.now();
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], app, 300_000);
  timings.push(`npm install ${seconds(at)} s`);
  if (process.env.CHECK_NEXTJS_BEFORE_BUILD) {
    run("sh", ["-c", process.env.CHECK_NEXTJS_BEFORE_BUILD], app);
  }

  // The route module is evaluated while the build collects page data: the build runs without
  // the server's secrets (as a Docker or CI build does), and must pass all the same.
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.SWARAM_API_KEY;
  delete env.SWARAM_BASE_URL;
  delete env.NODE_ENV;
  const next = join(app, "node_modules/.bin/next");
  step = "next build";
  at = performance.now();
  await runLogged(next, ["build"], app, env, log);
  timings.push(`next build ${seconds(at)} s`);

  step = "check the build output";
  const inStatic = join(app, ".next/static");
  const leaked = filesContaining(join(app, ".next"), key);
  if (leaked.length > 0) throw new Error(`the secret key is in the build output: ${leaked}`);
  const shaped = filesContaining(inStatic, CREDENTIAL);
  if (shaped.length > 0) throw new Error(`key-shaped strings in .next/static: ${shaped}`);
  // The button is a client component: its code ships to the browser, with the stylesheet.
  const chunks = filesContaining(inStatic, "voice-button").filter((path) => path.endsWith(".js"));
  if (chunks.length === 0) {
    throw new Error("no browser chunk in .next/static holds the VoiceButton");
  }
  if (filesContaining(inStatic, "--swaram-accent").length === 0) {
    throw new Error("no stylesheet in .next/static holds @swaram/react/styles.css");
  }

  // Hosts such as Vercel build with the app's secrets in the environment: built that way, the
  // key must still be nowhere in the output (a page reading process.env would prerender it).
  step = "next build with the key in the environment";
  at = performance.now();
  await runLogged(next, ["build"], app, { ...env, SWARAM_API_KEY: key }, log);
  timings.push(`next build with the key ${seconds(at)} s`);
  const leakedWithKey = filesContaining(join(app, ".next"), key);
  if (leakedWithKey.length > 0) {
    throw new Error(`the secret key is in the build output: ${leakedWithKey.join(", ")}`);
  }

  step = "start the dev server and next start";
  const { startDevServer } = await import(
    pathToFileURL(join(root, "packages/dev-server/dist/index.js")).href
  );
  const dev = await startDevServer({ port: 0, quiet: true, key, speech: "tone" });
  release.push(() => dev.close());
  const port = await freePort();
  const server = spawn(next, ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: app,
    env: { ...env, SWARAM_API_KEY: key, SWARAM_BASE_URL: dev.url },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server.stdout.on("data", (chunk) => serverLog.push(chunk.toString()));
  server.stderr.on("data", (chunk) => serverLog.push(chunk.toString()));
  groups.add(server.pid);
  const exited = new Promise((resolve) => server.once("exit", resolve));
  // The whole process group: `next start` may run the server in a child of its own.
  release.push(async () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {}
  });
  const origin = `http://127.0.0.1:${port}`;
  at = performance.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    if (serverLog.join("").includes("Ready in")) break;
    if (performance.now() - at > 30_000) throw new Error("next start was not ready in 30 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  timings.push(`next start ready ${seconds(at)} s`);

  step = "GET /";
  const page = await fetch(`${origin}/`);
  const html = await page.text();
  seen.push(
    `GET / → ${page.status}: ${html.slice(Math.max(0, html.indexOf("<body"))).slice(0, 1000)}`,
  );
  if (page.status !== 200 || !page.headers.get("content-type")?.startsWith("text/html")) {
    throw new Error(`GET / answered ${page.status} ${page.headers.get("content-type")}`);
  }
  const button = html.match(new RegExp(`<button[^>]*${BUTTON}[^>]*>`))?.[0];
  if (!button) throw new Error(`the page has no server-rendered <button ${BUTTON}>`);
  if (!button.includes('data-state="idle"')) throw new Error(`the button is not idle: ${button}`);

  step = "POST /api/swaram-token";
  const mintsBefore = dev.mints();
  const minted = await fetch(`${origin}/api/swaram-token`, {
    method: "POST",
    // As the README's proxy header names the client.
    headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7" },
    body: "{}",
  });
  const body = await minted.text();
  seen.push(`POST /api/swaram-token → ${minted.status}: ${body.slice(0, 1000)}`);
  if (minted.status !== 200) throw new Error(`the token route answered ${minted.status}`);
  const token = JSON.parse(body).value;
  if (typeof token !== "string" || !token.startsWith("swaram_ek_")) {
    throw new Error("the token route answered no swaram_ek_ token");
  }
  if (dev.mints() !== mintsBefore + 1) {
    throw new Error(`the dev server minted ${dev.mints() - mintsBefore} tokens, not 1`);
  }
  const created = await sessionCreated(dev.wsUrl, token);
  if (created.type !== "session.created") {
    throw new Error(`the token's socket opened with ${created.type}, not session.created`);
  }

  step = "check what was served";
  for (const [what, text] of [
    ["GET /", html],
    ["POST /api/swaram-token", body],
    ["next start's output", serverLog.join("")],
  ]) {
    if (text.includes(key)) throw new Error(`the secret key is in ${what}`);
  }
  const errors = serverLog.join("").match(/^.*(⨯|Error).*$/gm);
  if (errors) throw new Error(`next start reported errors: ${errors.join("; ")}`);

  console.log(
    `Next.js ${NEXT_VERSION} app: installed ${Object.keys(packed).join(", ")} from tarballs; next build (Turbopack, type check; without the server's secrets, then again with the key set) prerendered a server-component page rendering <VoiceButton> from @swaram/react; next start served it idle and the README's route (${route.added ? "baseUrl: process.env.SWARAM_BASE_URL added, the README's snippet has none" : "as in the README"}) minted a swaram_ek_ token from the dev server that opens a session (voice ${created.session?.voice}); the key is in no response and nowhere in .next; ${timings.join(", ")}; ${seconds(started)} s in all`,
  );
} catch (error) {
  const tail = (lines) => lines.join("").split("\n").slice(-40).join("\n").replace(/^/gm, "    ");
  console.error(
    redact(
      [
        `Next.js check FAILED at "${step}": ${error.message}`,
        ...seen.map((line) => `  ${line}`),
        "  build output (last 40 lines):",
        tail(log),
        "  next start output (last 40 lines):",
        tail(serverLog),
      ].join("\n"),
    ),
  );
  process.exitCode = 1;
} finally {
  for (const undo of release.reverse())
    await Promise.resolve()
      .then(undo)
      .catch(() => {});
}
