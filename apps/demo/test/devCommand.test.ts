import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill("SIGKILL");
});

describe("pnpm dev (scripts/dev.mjs), the README's demo command", () => {
  it("starts the dev server, the token route and the demo, prints the URL, and stops all three on Ctrl-C", async () => {
    const [devPort, tokenPort, demoPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SWARAM_DEV_PORT: String(devPort),
      TOKEN_PORT: String(tokenPort),
      DEMO_PORT: String(demoPort),
    };
    delete env.SWARAM_API_KEY;
    delete env.SWARAM_DEV_KEY;
    const proc = spawn(process.execPath, ["scripts/dev.mjs"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let output = "";
    proc.stdout?.on("data", (d) => (output += String(d)));
    proc.stderr?.on("data", (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) =>
      proc.on("exit", (code) => resolve(code)),
    );

    const demoUrl = `http://127.0.0.1:${demoPort}/`;
    await expect
      .poll(() => output, { timeout: 60_000, interval: 200 })
      .toContain(`swaram demo: ${demoUrl}`);

    const page = await fetch(demoUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
    // The token route through Vite's proxy, minting from the embedded dev server.
    const minted = await fetch(`${demoUrl}api/swaram-token`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: demoUrl.slice(0, -1) },
      body: JSON.stringify({ voice: "mal-male" }),
    });
    expect(minted.status).toBe(200);
    const { value } = (await minted.json()) as { value: string };
    expect(value).toMatch(/^swaram_ek_/);
    // The generated dev key is shared between the processes but never printed.
    expect(output).not.toMatch(/swaram_[0-9a-f]{48}/);
    expect(output).not.toContain(value);

    proc.kill("SIGINT");
    expect(await exited).toBe(0);
    for (const port of [devPort, tokenPort, demoPort]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  });

  it("exits with a failure code when a part cannot start (its port is taken)", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    const env: NodeJS.ProcessEnv = { ...process.env, SWARAM_DEV_PORT: String(port) };
    delete env.SWARAM_API_KEY;
    delete env.SWARAM_DEV_KEY;
    const proc = spawn(process.execPath, ["scripts/dev.mjs"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let output = "";
    proc.stdout?.on("data", (d) => (output += String(d)));
    proc.stderr?.on("data", (d) => (output += String(d)));
    const code = await new Promise<number | null>((resolve) => proc.on("exit", resolve));
    taken.close();
    expect(output).toContain("dev-server exited");
    expect(code).toBe(1);
  });
});
