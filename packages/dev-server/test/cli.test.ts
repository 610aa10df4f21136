import { afterEach, describe, expect, it } from "vitest";
import { readCliOptions } from "../src/cliOptions.js";
import { type DevServer, startDevServer } from "../src/index.js";

describe("swaram-dev-server --port", () => {
  it.each([[["--port="]], [["--port", ""]], [["--port", " "]]])(
    "refuses an empty port (%j) with a message naming --port",
    (args) => {
      const cli = readCliOptions(args, {});
      expect(cli.kind).toBe("invalid");
      expect(cli.kind === "invalid" && cli.message).toMatch(/--port .*0 to 65535/);
    },
  );

  it.each([
    ["0", 0],
    ["8787", 8787],
  ])("accepts --port %s", (value, port) => {
    expect(readCliOptions(["--port", value], {})).toMatchObject({ kind: "run", port });
  });
});

describe("SWARAM_DEV_KEY", () => {
  it.each(["", "  "])("generates a fresh key when it is set but blank (%j)", (blank) => {
    const cli = readCliOptions([], { SWARAM_DEV_KEY: blank });
    expect(cli).toMatchObject({ kind: "run", generatedKey: true });
    expect(cli.kind === "run" && cli.key).toMatch(/^swaram_[0-9a-f]{48}$/);
  });

  it("uses the key it holds", () => {
    const cli = readCliOptions([], { SWARAM_DEV_KEY: "swaram_mine" });
    expect(cli).toMatchObject({ kind: "run", key: "swaram_mine", generatedKey: false });
  });

  let dev: DevServer | undefined;
  const saved = process.env.SWARAM_DEV_KEY;
  afterEach(async () => {
    await dev?.close();
    dev = undefined;
    if (saved === undefined) delete process.env.SWARAM_DEV_KEY;
    else process.env.SWARAM_DEV_KEY = saved;
  });

  it("starts the server with a fresh key when it is blank", async () => {
    process.env.SWARAM_DEV_KEY = "";
    dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
    expect(dev.key).toMatch(/^swaram_[0-9a-f]{48}$/);
  });

  it("trims whitespace a .env line leaves around the key, so the key authenticates", async () => {
    const key = `swaram_${"ab12".repeat(6)}`;
    expect(readCliOptions([], { SWARAM_DEV_KEY: `${key} ` })).toMatchObject({ kind: "run", key });

    process.env.SWARAM_DEV_KEY = `${key} \t`;
    dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
    expect(dev.key).toBe(key);
    const minted = await fetch(`${dev.url}/v1/realtime/client_secrets`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(minted.status).toBe(200);
    await dev.close();

    // The same for a key given as an option (addSecret).
    dev = await startDevServer({ port: 0, quiet: true, speech: "tone", key: `${key}\r\n` });
    expect(dev.key).toBe(key);
    expect((await dev.mintToken()).startsWith("swaram_ek_")).toBe(true);
  });
});
