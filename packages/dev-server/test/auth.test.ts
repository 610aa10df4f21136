import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../src/index.js";
import { connect } from "./helpers.js";

const lines: string[] = [];
let dev: DevServer;
beforeAll(async () => {
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
  dev = await startDevServer({ port: 0, logger, tokenTtlMs: 1_000 });
});
afterAll(() => dev.close());

describe("WebSocket credentials", () => {
  it("accepts an ephemeral token in the subprotocol and answers only 'realtime'", async () => {
    const token = await dev.mintToken();
    const c = await connect(dev.wsUrl, { token });
    expect(c.protocol).toBe("realtime");
    const created = await c.next("session.created");
    expect(created.session).toMatchObject({ model: "mal-realtime-simple", voice: "mal-female" });
    c.ws.close();
  });

  it("accepts the secret key as a Bearer header (server-side path)", async () => {
    const c = await connect(dev.wsUrl, { header: dev.key });
    await c.next("session.created");
    expect(dev.sessions().some((s) => s.credential === "secret")).toBe(true);
    c.ws.close();
  });

  it("accepts ?api_key= and redacts it from logs", async () => {
    const c = await connect(dev.wsUrl, { query: dev.key });
    await c.next("session.created");
    c.ws.close();
    expect(lines.some((l) => l.includes("api_key=[redacted]"))).toBe(true);
  });

  it("keeps a percent-encoded ?api_key= out of the log", async () => {
    const { default: WebSocket } = await import("ws");
    const ws = new WebSocket(
      `${dev.wsUrl}/v1/realtime?model=mal-realtime-simple&%61pi_key=${dev.key}`,
      ["realtime"],
    );
    const created = await new Promise<{ type: string }>((resolve, reject) => {
      ws.once("message", (data) => resolve(JSON.parse(String(data))));
      ws.once("error", reject);
    });
    expect(created.type).toBe("session.created");
    ws.close();
    await fetch(`${dev.url}/healthz?%61pi_key=${dev.key}`);
    await fetch(`${dev.url}/healthz?token=${encodeURIComponent(dev.key)}`);
    expect(lines.join("\n")).not.toContain(dev.key.slice("swaram_".length));
  });

  it("reads the Bearer header before the query and the subprotocol", async () => {
    const token = await dev.mintToken();
    const bad = await connect(dev.wsUrl, { header: "swaram_wrong", query: dev.key, token });
    expect((await bad.next("error")).error).toMatchObject({ code: "invalid_api_key" });
    expect((await bad.closed).code).toBe(4001);
    const good = await connect(dev.wsUrl, { header: dev.key, token: "swaram_ek_wrong" });
    await good.next("session.created");
    good.ws.close();
  });

  it("reads the query before the subprotocol", async () => {
    const token = await dev.mintToken();
    const c = await connect(dev.wsUrl, { query: "swaram_wrong", token });
    expect((await c.closed).code).toBe(4001);
  });

  it.each([
    ["no credential", {}, "missing_api_key"],
    ["a wrong token", { token: "swaram_ek_0123" }, "invalid_api_key"],
    ["a wrong secret", { token: "swaram_0123" }, "invalid_api_key"],
  ])("sends an error then closes 4001 for %s", async (_n, opts, code) => {
    const c = await connect(dev.wsUrl, opts);
    const error = await c.next("error");
    expect(error.error).toMatchObject({ type: "authentication_error", code });
    expect((await c.closed).code).toBe(4001);
  });

  it("refuses an expired token with 4001 token_expired", async () => {
    const token = await dev.mintToken();
    await new Promise((r) => setTimeout(r, 1_100));
    const c = await connect(dev.wsUrl, { token });
    expect((await c.next("error")).error).toMatchObject({ code: "token_expired" });
    expect((await c.closed).code).toBe(4001);
  });

  it("refuses an unknown model with an error", async () => {
    const token = await dev.mintToken();
    const c = await connect(dev.wsUrl, { token, model: "mal-realtime-ultra" });
    expect((await c.next("error")).error).toMatchObject({ code: "model_not_found" });
    expect((await c.closed).code).toBe(1008);
  });

  it("never writes a key or a token to its log", async () => {
    const token = await dev.mintToken();
    const c = await connect(dev.wsUrl, { token });
    await c.next("session.created");
    c.ws.close();
    const all = lines.join("\n");
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(dev.key);
    expect(all).not.toContain(token);
    expect(all).not.toMatch(/swaram_ek_[0-9a-f]{8}/);
  });
});

describe("origin allowlist", () => {
  it("refuses a WebSocket from an origin not on the list", async () => {
    const strict = await startDevServer({
      port: 0,
      quiet: true,
      allowedOrigins: ["http://127.0.0.1:5173"],
    });
    const token = await strict.mintToken();
    await expect(
      connect(strict.wsUrl, {
        token,
        protocols: ["realtime", `openai-insecure-api-key.${token}`],
      }).then(() => "open"),
    ).resolves.toBe("open");
    const { default: WebSocket } = await import("ws");
    const ws = new WebSocket(
      `${strict.wsUrl}/v1/realtime?model=mal-realtime-simple`,
      ["realtime", `openai-insecure-api-key.${token}`],
      { origin: "http://evil.example" },
    );
    const status = await new Promise<number | undefined>((resolve) =>
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(403);
    await strict.close();
  });
});
