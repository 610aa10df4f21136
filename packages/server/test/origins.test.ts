import { afterEach, describe, expect, it } from "vitest";
import { createTokenHandler } from "../src/index.js";
import { closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

const ROUTE = "http://tokens.shop.example/api/swaram-token";
const SHOP = "https://shop.example";

afterEach(closeUpstreams);

async function handlerWithAllowlist() {
  const upstream = await startUpstream();
  const handler = createTokenHandler({
    apiKey: testSecretKey(),
    baseUrl: upstream.url,
    session: { voice: "mal-female" },
    allowedOrigins: [SHOP],
  });
  return { handler, upstream };
}

describe("origin allowlist and CORS", () => {
  it("answers a preflight from an allowed origin with 204 and CORS headers", async () => {
    const { handler, upstream } = await handlerWithAllowlist();

    const response = await handler(
      new Request(ROUTE, {
        method: "OPTIONS",
        headers: {
          origin: SHOP,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      }),
    );

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "content-type",
    );
    expect(response.headers.get("vary")).toContain("Origin");
    expect(upstream.received).toHaveLength(0);
  });

  it("mints for an allowed origin and lets its page read the answer", async () => {
    const { handler } = await handlerWithAllowlist();

    const response = await handler(
      new Request(ROUTE, { method: "POST", headers: { origin: SHOP } }),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("refuses a preflight and a POST from another origin with 403, without minting", async () => {
    const { handler, upstream } = await handlerWithAllowlist();
    const evil = "https://evil.example";

    const preflight = await handler(
      new Request(ROUTE, { method: "OPTIONS", headers: { origin: evil } }),
    );
    const post = await handler(new Request(ROUTE, { method: "POST", headers: { origin: evil } }));

    expect(preflight.status).toBe(403);
    expect(post.status).toBe(403);
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe(
      "origin_not_allowed",
    );
    expect(upstream.received).toHaveLength(0);
  });

  it("matches origins exactly: scheme, host and port all count", async () => {
    const { handler, upstream } = await handlerWithAllowlist();

    for (const near of [
      "http://shop.example",
      "https://shop.example:8443",
      "https://sub.shop.example",
    ]) {
      const response = await handler(
        new Request(ROUTE, { method: "POST", headers: { origin: near } }),
      );
      expect(response.status).toBe(403);
    }
    expect(upstream.received).toHaveLength(0);
  });

  it("lets same-origin pages and non-browser callers through", async () => {
    const { handler, upstream } = await handlerWithAllowlist();

    const sameOrigin = await handler(
      new Request(ROUTE, { method: "POST", headers: { origin: "http://tokens.shop.example" } }),
    );
    const noOrigin = await handler(new Request(ROUTE, { method: "POST" }));

    expect(sameOrigin.status).toBe(200);
    expect(noOrigin.status).toBe(200);
    expect(upstream.received).toHaveLength(2);
  });

  it("sends no CORS headers at all without an allowlist", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({ apiKey: testSecretKey(), baseUrl: upstream.url });

    const response = await handler(
      new Request(ROUTE, { method: "POST", headers: { origin: "https://elsewhere.example" } }),
    );

    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("adds the credentials header when allowCredentials is on", async () => {
    const upstream = await startUpstream();
    const handler = createTokenHandler({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      allowedOrigins: [SHOP],
      allowCredentials: true,
    });

    const response = await handler(
      new Request(ROUTE, { method: "POST", headers: { origin: SHOP } }),
    );

    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("refuses an allowlist entry that is not an exact origin at construction", () => {
    expect(() =>
      createTokenHandler({ apiKey: testSecretKey(), allowedOrigins: ["https://shop.example/"] }),
    ).toThrow(/exact origins/);
    expect(() =>
      createTokenHandler({ apiKey: testSecretKey(), allowedOrigins: ["shop.example"] }),
    ).toThrow(/exact origins/);
  });
});
