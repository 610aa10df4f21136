import { afterEach, describe, expect, it } from "vitest";
import { mintClientSecret, type SwaramServerError } from "../src/index.js";
import { closedBaseUrl, closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

afterEach(closeUpstreams);

async function rejection(promise: Promise<unknown>): Promise<SwaramServerError> {
  try {
    await promise;
  } catch (error) {
    return error as SwaramServerError;
  }
  throw new Error("expected a rejection");
}

describe("mintClientSecret", () => {
  it("posts model and session with the key as a Bearer and returns value and expiresAt", async () => {
    const upstream = await startUpstream(() => ({
      status: 200,
      body: { value: "swaram_ek_canonical", expires_at: 1_900_000_000 },
    }));
    const apiKey = testSecretKey();

    const minted = await mintClientSecret({
      apiKey,
      baseUrl: upstream.url,
      model: "mal-realtime-simple",
      session: { instructions: "നമസ്കാരം", voice: "mal-male" },
    });

    expect(minted).toEqual({ value: "swaram_ek_canonical", expiresAt: 1_900_000_000 });
    expect(upstream.received[0]).toMatchObject({
      method: "POST",
      path: "/v1/realtime/client_secrets",
      authorization: `Bearer ${apiKey}`,
      body: {
        model: "mal-realtime-simple",
        session: { instructions: "നമസ്കാരം", voice: "mal-male" },
      },
    });
  });

  it("reads the token from token, client_secret.value and a string client_secret", async () => {
    const shapes = [
      { token: "swaram_ek_a", expires_at: 1_900_000_001 },
      { client_secret: { value: "swaram_ek_b", expires_at: 1_900_000_002 } },
      { client_secret: "swaram_ek_c" },
    ];
    const minted = [];
    for (const body of shapes) {
      const upstream = await startUpstream(() => ({ status: 200, body }));
      minted.push(await mintClientSecret({ apiKey: testSecretKey(), baseUrl: upstream.url }));
    }

    expect(minted).toEqual([
      { value: "swaram_ek_a", expiresAt: 1_900_000_001 },
      { value: "swaram_ek_b", expiresAt: 1_900_000_002 },
      { value: "swaram_ek_c", expiresAt: null },
    ]);
  });

  it("accepts the browser's ws(s) base URL and a base path", async () => {
    const upstream = await startUpstream();
    const wsBase = `${upstream.url.replace("http:", "ws:")}/swaram/`;

    await mintClientSecret({ apiKey: testSecretKey(), baseUrl: wsBase });

    expect(upstream.received[0]?.path).toBe("/swaram/v1/realtime/client_secrets");
  });

  it("rejects with upstream-rejected, the status and swaram's code on a 4xx", async () => {
    const apiKey = testSecretKey();
    const upstream = await startUpstream(() => ({
      status: 401,
      body: { error: { code: "invalid_api_key", message: `bad key ${apiKey}` } },
    }));

    const error = await rejection(mintClientSecret({ apiKey, baseUrl: upstream.url }));

    expect(error.code).toBe("upstream-rejected");
    expect(error.status).toBe(401);
    expect(error.upstreamCode).toBe("invalid_api_key");
    expect(error.message).not.toContain(apiKey);
  });

  it("rejects with upstream-unavailable when nothing listens or swaram fails", async () => {
    const failing = await startUpstream(() => ({ status: 500, body: "oops" }));

    const down = await rejection(
      mintClientSecret({ apiKey: testSecretKey(), baseUrl: await closedBaseUrl() }),
    );
    const broken = await rejection(
      mintClientSecret({ apiKey: testSecretKey(), baseUrl: failing.url }),
    );

    expect(down.code).toBe("upstream-unavailable");
    expect(broken.code).toBe("upstream-unavailable");
    expect(broken.status).toBe(500);
  });

  it("rejects with upstream-timeout when swaram does not answer in time", async () => {
    const upstream = await startUpstream(() => ({ hang: true }));

    const error = await rejection(
      mintClientSecret({ apiKey: testSecretKey(), baseUrl: upstream.url, timeoutMs: 150 }),
    );

    expect(error.code).toBe("upstream-timeout");
  });

  it("rejects with aborted when the caller's signal fires", async () => {
    const upstream = await startUpstream(() => ({ hang: true }));
    const controller = new AbortController();

    const pending = mintClientSecret({
      apiKey: testSecretKey(),
      baseUrl: upstream.url,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);

    expect(error.code).toBe("aborted");
  });

  it("rejects with upstream-invalid-response when a 200 carries no token", async () => {
    const upstream = await startUpstream(() => ({ status: 200, body: { value: "" } }));

    const error = await rejection(
      mintClientSecret({ apiKey: testSecretKey(), baseUrl: upstream.url }),
    );

    expect(error.code).toBe("upstream-invalid-response");
  });

  it("uses the fetch it is given", async () => {
    const upstream = await startUpstream();
    const seen: string[] = [];
    const tracingFetch: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };

    await mintClientSecret({ apiKey: testSecretKey(), baseUrl: upstream.url, fetch: tracingFetch });

    expect(seen).toEqual([`${upstream.url}/v1/realtime/client_secrets`]);
  });
});
