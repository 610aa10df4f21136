import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTokenHandler } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";
import { capturedLogger } from "./support/capturedLogger.js";
import { closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
  await closeUpstreams();
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/swaram-token`;
}

describe("toNodeHandler", () => {
  it("serves the token route on node:http", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      session: { instructions: "locked", voice: "mal-female" },
      allow: { voice: ["mal-female", "mal-male"] },
    });
    const url = await listen(createServer(toNodeHandler(handler)));

    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ voice: "mal-male", instructions: "unlocked" }),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(((await response.json()) as { value: string }).value).toMatch(/^swaram_ek_/);
    expect(upstream.received[0]?.body.session).toEqual({
      instructions: "locked",
      voice: "mal-male",
    });
  });

  it("refuses another origin also when the path names that origin (//other.example/…)", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      allowedOrigins: ["https://partner.example"],
    });
    const url = await listen(createServer(toNodeHandler(handler)));
    const { origin } = new URL(url);

    const response = await fetch(`${origin}//evil.example/api/swaram-token`, {
      method: "POST",
      headers: { origin: "http://evil.example" },
    });

    expect(response.status).toBe(403);
    expect(upstream.received).toHaveLength(0);
  });

  it("rate-limits by the connection's address", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: { limit: 1, windowMs: 60_000 },
    });
    const url = await listen(createServer(toNodeHandler(handler)));

    const first = await fetch(url, { method: "POST" });
    const second = await fetch(url, { method: "POST" });

    expect([first.status, second.status]).toEqual([200, 429]);
    expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("answers 405 with Allow and 413 for a large streamed body over real HTTP", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      maxBodyBytes: 128,
    });
    const url = await listen(createServer(toNodeHandler(handler)));

    const get = await fetch(url);
    const large = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(10_000) }),
    });

    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("OPTIONS, POST");
    expect(large.status).toBe(413);
    expect(upstream.received).toHaveLength(0);
  });

  it("reuses a body that a JSON middleware (like express.json()) already parsed", async () => {
    const upstream = await startUpstream();
    const handler = toNodeHandler(
      createTokenHandler({
        apiKey: testSecretKey(),
        baseUrl: upstream.url,
        allow: { voice: ["mal-female", "mal-male"] },
      }),
    );
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        (req as IncomingMessage & { body?: unknown }).body = JSON.parse(
          Buffer.concat(chunks).toString(),
        );
        handler(req, res);
      });
    });
    const url = await listen(server);

    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ voice: "mal-male" }),
    });

    expect(response.status).toBe(200);
    expect(upstream.received[0]?.body.session).toEqual({ voice: "mal-male" });
  });

  it("stops waiting on swaram when the browser goes away", async () => {
    let reached: () => void = () => undefined;
    const upstreamReached = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const upstream = await startUpstream(() => {
      reached();
      return { hang: true };
    });
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({ apiKey: testSecretKey(), baseUrl: upstream.url, logger });
    const url = await listen(createServer(toNodeHandler(handler)));
    const browser = new AbortController();

    const pending = fetch(url, { method: "POST", signal: browser.signal }).catch(() => "gone");
    await upstreamReached;
    browser.abort();
    await pending;
    await expect.poll(() => lines.some((line) => line.includes('"code":"aborted"'))).toBe(true);
  });
});
