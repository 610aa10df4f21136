import { afterEach, describe, expect, it } from "vitest";
import { createTokenHandler } from "../src/index.js";
import { capturedLogger } from "./support/capturedLogger.js";
import { closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

const ROUTE = "http://127.0.0.1:8788/api/swaram-token";

afterEach(closeUpstreams);

describe("authorize hook", () => {
  it("mints only for requests the app's own login accepts", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      authorize: (request) => request.headers.get("cookie") === "session=valid",
    });

    const signedIn = await handler(
      new Request(ROUTE, { method: "POST", headers: { cookie: "session=valid" } }),
    );
    const anonymous = await handler(new Request(ROUTE, { method: "POST" }));

    expect(signedIn.status).toBe(200);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
      "unauthorized",
    );
    expect(upstream.received).toHaveLength(1);
  });

  it("answers 403 when the hook says forbidden", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      authorize: async () => "forbidden" as const,
    });

    const response = await handler(new Request(ROUTE, { method: "POST" }));

    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect(upstream.received).toHaveLength(0);
  });

  it("fails closed with 403 when the hook throws, without leaking the error", async () => {
    const upstream = await startUpstream();
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      logger,
      authorize: async () => {
        throw new Error("session store timeout at 10.0.0.5");
      },
    });

    const response = await handler(new Request(ROUTE, { method: "POST" }));

    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("10.0.0.5");
    expect(upstream.received).toHaveLength(0);
    expect(lines.some((line) => line.includes("authorize hook threw"))).toBe(true);
  });

  it("runs after the rate limit, so a flood of bad logins is throttled too", async () => {
    const upstream = await startUpstream();
    let calls = 0;
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      rateLimit: { limit: 2, windowMs: 60_000 },
      authorize: () => {
        calls += 1;
        return false;
      },
    });

    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await handler(new Request(ROUTE, { method: "POST" }))).status);

    expect(statuses).toEqual([401, 401, 429, 429]);
    expect(calls).toBe(2);
  });

  it("never logs a key nested deeper than the redaction depth in a thrown object", async () => {
    const upstream = await startUpstream();
    const apiKey = testSecretKey();
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({
      apiKey,
      baseUrl: upstream.url,
      logger,
      authorize: async () => {
        // Shaped like an HTTP client's error: the key sits 6 levels inside the thrown object.
        throw {
          status: 503,
          response: { config: { headers: { auth: { value: { bearer: `Bearer ${apiKey}` } } } } },
        };
      },
    });

    const response = await handler(new Request(ROUTE, { method: "POST" }));

    expect(response.status).toBe(403);
    const logged = lines.join("\n");
    expect(logged).toContain("authorize hook threw");
    expect(logged).toContain('"status":503');
    expect(logged).toContain("[truncated]");
    expect(logged).not.toContain(apiKey);
    expect(logged).not.toContain(apiKey.slice("swaram_".length));
  });
});
