import { afterEach, describe, expect, it } from "vitest";
import { createTokenHandler } from "../src/index.js";
import { capturedLogger, visibleText } from "./support/capturedLogger.js";
import { closedBaseUrl, closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

const ROUTE = "http://127.0.0.1:8788/api/swaram-token";

afterEach(closeUpstreams);

function post(): Request {
  return new Request(ROUTE, { method: "POST" });
}

async function errorOf(
  response: Response,
): Promise<{ type: string; code: string; message: string }> {
  return ((await response.json()) as { error: { type: string; code: string; message: string } })
    .error;
}

describe("when swaram misbehaves", () => {
  it("answers 502 with a generic message when swaram cannot be reached", async () => {
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: await closedBaseUrl(),
      logger,
    });

    const response = await handler(post());

    expect(response.status).toBe(502);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const error = await errorOf(response);
    expect(error.code).toBe("upstream_error");
    expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    expect(lines.some((line) => line.includes("upstream-unavailable"))).toBe(true);
  });

  it("answers 504 when swaram does not answer within upstreamTimeoutMs", async () => {
    const upstream = await startUpstream(() => ({ hang: true }));
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      upstreamTimeoutMs: 200,
    });

    const response = await handler(post());

    expect(response.status).toBe(504);
    expect((await errorOf(response)).code).toBe("upstream_timeout");
    expect(upstream.received).toHaveLength(1);
  });

  it("answers 502 without swaram's own message when swaram refuses (4xx)", async () => {
    const upstream = await startUpstream(() => ({
      status: 401,
      body: {
        error: { type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect key" },
      },
    }));
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({ apiKey: testSecretKey(), baseUrl: upstream.url, logger });

    const response = await handler(post());

    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe("upstream_error");
    expect(error.message).not.toContain("Incorrect key");
    expect(
      lines.some((line) => line.includes("upstream-rejected") && line.includes("invalid_api_key")),
    ).toBe(true);
  });

  it("answers 502 when swaram fails (5xx) or answers without a token", async () => {
    const failing = await startUpstream(() => ({ status: 503, body: { error: { code: "busy" } } }));
    const empty = await startUpstream(() => ({ status: 200, body: { expires_at: 1 } }));

    const fromFailing = await createTokenHandler({ apiKey: testSecretKey(), baseUrl: failing.url })(
      post(),
    );
    const fromEmpty = await createTokenHandler({ apiKey: testSecretKey(), baseUrl: empty.url })(
      post(),
    );

    expect(fromFailing.status).toBe(502);
    expect(fromEmpty.status).toBe(502);
  });
});

describe("the secret key never leaks", () => {
  it("is absent from every response and log line, across outcomes", async () => {
    const apiKey = testSecretKey();
    const { logger, lines } = capturedLogger();
    const echoing = await startUpstream(() => ({
      status: 401,
      body: {
        error: { code: "invalid_api_key", message: `Incorrect API key provided: ${apiKey}` },
      },
    }));
    const working = await startUpstream();
    const hanging = await startUpstream(() => ({ hang: true }));
    const common = {
      apiKey,
      logger,
      allowedOrigins: ["https://shop.example"],
      allow: { voice: ["mal-female", "mal-male"] },
      maxBodyBytes: 64,
      upstreamTimeoutMs: 200,
    } as const;
    const handlers = {
      echoing: createTokenHandler({ ...common, baseUrl: echoing.url }),
      working: createTokenHandler({
        ...common,
        baseUrl: working.url,
        rateLimit: { limit: 1, windowMs: 60_000 },
      }),
      hanging: createTokenHandler({ ...common, baseUrl: hanging.url }),
      down: createTokenHandler({ ...common, baseUrl: await closedBaseUrl() }),
      locked: createTokenHandler({ ...common, baseUrl: working.url, authorize: () => false }),
    };
    const json = { "content-type": "application/json" };

    const responses = [
      await handlers.working(post()),
      await handlers.working(post()),
      await handlers.echoing(post()),
      await handlers.hanging(post()),
      await handlers.down(post()),
      await handlers.locked(post()),
      await handlers.working(
        new Request(ROUTE, { method: "OPTIONS", headers: { origin: "https://shop.example" } }),
      ),
      await handlers.working(
        new Request(ROUTE, { method: "POST", headers: { origin: "https://evil.example" } }),
      ),
      await handlers.echoing(new Request(ROUTE, { method: "GET" })),
      await handlers.echoing(
        new Request(ROUTE, { method: "POST", headers: json, body: "x".repeat(100) }),
      ),
      await handlers.echoing(
        new Request(ROUTE, {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: "a",
        }),
      ),
      await handlers.echoing(
        new Request(ROUTE, { method: "POST", headers: json, body: '{"voice":"x"}' }),
      ),
    ];

    expect(responses.map((response) => response.status)).toEqual([
      200, 429, 502, 504, 502, 401, 204, 403, 405, 413, 415, 400,
    ]);
    for (const response of responses) {
      expect(await visibleText(response)).not.toContain(apiKey);
    }
    expect(lines.length).toBeGreaterThanOrEqual(responses.length - 1);
    for (const line of lines) expect(line).not.toContain(apiKey);
  });

  it("keeps the minted token out of the logs while handing it to the browser", async () => {
    const upstream = await startUpstream();
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({ apiKey: testSecretKey(), baseUrl: upstream.url, logger });

    const response = await handler(post());
    const { value } = (await response.json()) as { value: string };

    expect(value).toMatch(/^swaram_ek_/);
    expect(lines.some((line) => line.includes("minted"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(value);
  });

  it("redacts keys and tokens even inside errors thrown by the app's own hooks", async () => {
    const apiKey = testSecretKey();
    const upstream = await startUpstream();
    const { logger, lines } = capturedLogger();
    const handler = createTokenHandler({
      apiKey,
      baseUrl: upstream.url,
      logger,
      authorize: () => {
        throw new Error(`lookup failed for ${apiKey} and swaram_ek_abc123`);
      },
    });

    const response = await handler(post());

    expect(response.status).toBe(403);
    const joined = lines.join("\n");
    expect(joined).toContain("[redacted]");
    expect(joined).not.toContain(apiKey);
    expect(joined).not.toContain("swaram_ek_abc123");
  });
});
