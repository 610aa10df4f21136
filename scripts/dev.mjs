#!/usr/bin/env node
// `pnpm dev`: the local swaram dev server, the token route and the Vite demo, together.
// Ctrl-C stops all three.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const devPort = process.env.SWARAM_DEV_PORT ?? "8787";
const tokenPort = process.env.TOKEN_PORT ?? "8788";
const demoPort = process.env.DEMO_PORT ?? "5173";
const usingRealService = Boolean(process.env.SWARAM_API_KEY);
// A throwaway key shared by the dev server and the token route; never sent to the browser.
// An empty SWARAM_DEV_KEY counts as unset.
const devKey = process.env.SWARAM_DEV_KEY?.trim() || `swaram_${randomBytes(24).toString("hex")}`;
const env = {
  ...process.env,
  SWARAM_DEV_KEY: devKey,
  SWARAM_DEV_URL: `http://127.0.0.1:${devPort}`,
  PORT: tokenPort,
  TOKEN_SERVER_URL: `http://127.0.0.1:${tokenPort}`,
  // Where the page opens its socket: the real service when a key is set, else the dev server.
  VITE_SWARAM_BASE_URL:
    process.env.VITE_SWARAM_BASE_URL ??
    (usingRealService
      ? (process.env.SWARAM_BASE_URL ?? "https://api.swaram.live")
      : `ws://127.0.0.1:${devPort}`),
};

const children = [];
function run(name, args, cwd, readyPattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    const onData = (data) => {
      for (const line of String(data).split("\n")) {
        if (!line.trim()) continue;
        process.stdout.write(`[${name}] ${line}\n`);
        // Tools colour their output when CI is set: match on the plain text.
        if (readyPattern.test(stripVTControlCharacters(line))) resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      reject(new Error(`${name} exited (${code})`));
      if (!stopping) shutdown(1);
    });
  });
}

let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  // The exit code also when nothing is left to keep the process alive before the timer fires.
  process.exitCode = code;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 300).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

try {
  if (!usingRealService) {
    await run(
      "dev-server",
      ["bin/swaram-dev-server.js", "--port", devPort],
      `${root}/packages/dev-server`,
      /swaram dev server listening/,
    );
  }
  if (existsSync(`${root}/apps/token-server/src/main.ts`)) {
    await run(
      "token-server",
      ["--conditions=@swaram/source", "--import", "tsx", "src/main.ts"],
      `${root}/apps/token-server`,
      /listening/i,
    );
  }
  if (existsSync(`${root}/apps/demo/vite.config.ts`)) {
    const vite = `${root}/apps/demo/node_modules/vite/bin/vite.js`;
    await run(
      "demo",
      [vite, "--port", demoPort, "--strictPort", "--host", "127.0.0.1"],
      `${root}/apps/demo`,
      /Local:/,
    );
    console.log(`\n  swaram demo: http://127.0.0.1:${demoPort}/  (Ctrl-C stops everything)\n`);
  } else {
    console.log(`\n  swaram dev server: http://127.0.0.1:${devPort}  (Ctrl-C stops it)\n`);
  }
} catch (error) {
  console.error(String(error));
  shutdown(1);
}
