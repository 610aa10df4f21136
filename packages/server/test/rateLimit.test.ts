import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createMemoryRateLimitStore,
  createTokenHandler,
  type RateLimitStore,
} from "../src/index.js";
import { capturedLogger } from "./support/capturedLogger.js";
import { closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

const ROUTE = "http://127.0.0.1:8788/api/swaram-token";

function post(headers: Record<string, string> = {}): Request {
  return new Request(ROUTE, { method: "POST", headers });
}

afterEach(closeUpstreams);

describe("rate limit per client", () => {
  it("answers 429 with Retry-After once a client passes the limit, without minting", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: { limit: 2, windowMs: 60_000 },
    });
    const client = { clientAddress: "203.0.113.7" };

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await handler(post(), client)).status);
    const limited = await handler(post(), client);

    expect(statuses).toEqual([200, 200, 429]);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(upstream.received).toHaveLength(2);
  });

  it("counts each client separately", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: { limit: 1, windowMs: 60_000 },
    });

    const first = await handler(post(), { clientAddress: "203.0.113.7" });
    const again = await handler(post(), { clientAddress: "203.0.113.7" });
    const other = await handler(post(), { clientAddress: "198.51.100.4" });

    expect([first.status, again.status, other.status]).toEqual([200, 429, 200]);
  });

  it("reads the client from a proxy header when told to, using the address the proxy appended", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: { limit: 1, windowMs: 60_000, clientIpHeader: "x-forwarded-for" },
    });
    const proxy = { clientAddress: "10.0.0.1" };

    const a = await handler(post({ "x-forwarded-for": "1.1.1.1, 203.0.113.7" }), proxy);
    const spoofed = await handler(post({ "x-forwarded-for": "9.9.9.9, 203.0.113.7" }), proxy);
    const b = await handler(post({ "x-forwarded-for": "198.51.100.4" }), proxy);

    expect([a.status, spoofed.status, b.status]).toEqual([200, 429, 200]);
  });

  it("uses a custom key function, e.g. a signed-in user", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: {
        limit: 1,
        windowMs: 60_000,
        key: (request) => request.headers.get("x-user") ?? "anon",
      },
    });

    const alice = await handler(post({ "x-user": "alice" }), { clientAddress: "203.0.113.7" });
    const bob = await handler(post({ "x-user": "bob" }), { clientAddress: "203.0.113.7" });
    const aliceAgain = await handler(post({ "x-user": "alice" }), {
      clientAddress: "198.51.100.4",
    });

    expect([alice.status, bob.status, aliceAgain.status]).toEqual([200, 200, 429]);
  });

  it("shares one limit between handlers given the same store", async () => {
    const upstream = await startUpstream();
    const store = createMemoryRateLimitStore();
    const options = {
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: { limit: 1, windowMs: 60_000, store },
    };
    const instanceA = createTokenHandler(options);
    const instanceB = createTokenHandler(options);
    const client = { clientAddress: "203.0.113.7" };

    const first = await instanceA(post(), client);
    const second = await instanceB(post(), client);

    expect([first.status, second.status]).toEqual([200, 429]);
  });

  it("calls a pluggable store with the client key and window", async () => {
    const upstream = await startUpstream();
    const calls: [string, number][] = [];
    const store: RateLimitStore = {
      async hit(key, windowMs) {
        calls.push([key, windowMs]);
        return { count: 99, resetAt: Date.now() + 30_000 };
      },
    };
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: { limit: 5, windowMs: 60_000, store },
    });

    const response = await handler(post(), { clientAddress: "203.0.113.7" });

    expect(response.status).toBe(429);
    expect(calls).toEqual([["ip:203.0.113.7", 60_000]]);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses with 500, not a token, when the store fails", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: {
        store: {
          hit: async () => {
            throw new Error("redis unreachable");
          },
        },
      },
    });

    const response = await handler(post());

    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("redis");
    expect(upstream.received).toHaveLength(0);
  });

  it("puts clients with no known address in one bucket and warns once how to fix it", async () => {
    const upstream = await startUpstream();
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      logger,
      rateLimit: { limit: 1, windowMs: 60_000 },
    });

    const first = await handler(post());
    const second = await handler(post());

    expect([first.status, second.status]).toEqual([200, 429]);
    const warnings = lines.filter((line) => line.includes("clientIpHeader"));
    expect(warnings).toHaveLength(1);
  });

  it("says so on the console once when no logger is set (handler(request) alone, as on Next.js)", async () => {
    const upstream = await startUpstream();
    const warned = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const handler = createTokenHandler({ apiKey: testSecretKey(), baseUrl: upstream.url });

      await handler(post());
      await handler(post());

      const lines = warned.mock.calls.map((call) => String(call[0]));
      expect(lines.filter((line) => line.includes("clientIpHeader"))).toHaveLength(1);
    } finally {
      warned.mockRestore();
    }
  });

  it("turns off with rateLimit: false", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: false,
    });

    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push((await handler(post())).status);

    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe("createMemoryRateLimitStore", () => {
  it("starts a fresh window once the old one ends", async () => {
    let now = 1_000_000;
    const store = createMemoryRateLimitStore({ now: () => now });

    const a = await store.hit("client", 60_000);
    const b = await store.hit("client", 60_000);
    now += 60_000;
    const c = await store.hit("client", 60_000);

    expect(a).toEqual({ count: 1, resetAt: 1_060_000 });
    expect(b).toEqual({ count: 2, resetAt: 1_060_000 });
    expect(c).toEqual({ count: 1, resetAt: 1_120_000 });
  });
});
