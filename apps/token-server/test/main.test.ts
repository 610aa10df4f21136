import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type DevServer, startDevServer } from "@swaram/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
});
afterAll(async () => {
  await dev.close();
});

/** Runs the app as `pnpm start` does, with exactly the given environment variables. */
function start(env: Record<string, string>) {
  const {
    SWARAM_API_KEY: _a,
    SWARAM_BASE_URL: _b,
    SWARAM_DEV_KEY: _c,
    SWARAM_DEV_URL: _d,
    ...inherited
  } = process.env;
  const child = spawn(tsx, ["--conditions=@swaram/source", "src/main.ts"], {
    cwd: appDir,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, exited, output: () => output };
}

function stop(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode === null) child.kill("SIGTERM");
  return exited;
}

describe("pnpm start", () => {
  it("prints one line naming the dev server it mints from, serves tokens, and stops on SIGTERM", async () => {
    const run = start({ PORT: "0", SWARAM_DEV_KEY: dev.key, SWARAM_DEV_URL: dev.url });
    try {
      await expect
        .poll(run.output, { timeout: 15_000 })
        .toMatch(/listening on http:\/\/\S+\/api\/swaram-token/);
      const tokenUrl =
        /listening on (http:\/\/\S+\/api\/swaram-token)/.exec(run.output())?.[1] ?? "";

      const response = await fetch(tokenUrl, { method: "POST" });
      const { value } = (await response.json()) as { value: string };

      expect(response.status).toBe(200);
      expect(run.output()).toContain(`minting from the local dev server at ${dev.url}`);
      expect(await stop(run.child, run.exited)).toBe(0);
      expect(run.output()).not.toContain(dev.key);
      expect(run.output()).not.toContain(value);
    } finally {
      await stop(run.child, run.exited);
    }
  });

  it("exits 1 with a clear message when no key is set", async () => {
    const run = start({ PORT: "0" });
    try {
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/could not start: No key to mint with: set SWARAM_API_KEY/);
    } finally {
      await stop(run.child, run.exited);
    }
  });
});
