import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createTokenHandler, isSwaramServerError, mintClientSecret } from "../src/index.js";
import { closeUpstreams, startUpstream, testSecretKey } from "./support/upstream.js";

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

afterEach(closeUpstreams);

describe("refusing a wrong key at startup", () => {
  it("refuses an ephemeral swaram_ek_ token as the api key without echoing it", () => {
    const token = "swaram_ek_4f9a1c2b3d";

    const error = thrownBy(() => createTokenHandler({ apiKey: token }));

    expect(isSwaramServerError(error) && error.code).toBe("invalid-config");
    expect((error as Error).message).toContain("ephemeral");
    expect((error as Error).message).not.toContain(token);
  });

  it("refuses a key that is not a swaram secret key without echoing it", () => {
    const other = "sk-proj-abcdef123456";

    const error = thrownBy(() => createTokenHandler({ apiKey: other }));

    expect(isSwaramServerError(error) && error.code).toBe("invalid-config");
    expect((error as Error).message).not.toContain(other);
  });

  it("refuses a key with a line break inside, before any request and without echoing it", async () => {
    const key = testSecretKey();
    const broken = `${key.slice(0, 12)}\r\n${key.slice(12)}`;

    const error = await mintClientSecret({ apiKey: broken, baseUrl: "http://127.0.0.1:9" }).catch(
      (e: unknown) => e,
    );

    expect(isSwaramServerError(error) && error.code).toBe("invalid-config");
    expect(inspect(error)).not.toContain(key.slice(12));
    // Whitespace that JS trims but fetch does not (a no-break space, a form feed) is inside too.
    for (const end of ["\n\u00a0", "\f"]) {
      const other = await mintClientSecret({
        apiKey: `${key}${end}`,
        baseUrl: "http://127.0.0.1:9",
      }).catch((e: unknown) => e);
      expect(isSwaramServerError(other) && other.code).toBe("invalid-config");
    }
    // A trailing line break (a file read with it) is not inside the key: it stays accepted.
    expect(() => createTokenHandler({ apiKey: `${key}\n` })).not.toThrow();
  });

  it("a missing key (unset while a framework builds the route) fails each request, saying why in the log", async () => {
    const lines: string[] = [];
    const logger = { info() {}, warn() {}, error: (message: string) => void lines.push(message) };
    // Next.js loads route modules at build time, without the server's secrets.
    const handler = createTokenHandler({
      apiKey: process.env.SWARAM_KEY_THAT_IS_UNSET as string,
      logger,
    });

    const response = await handler(
      new Request("http://app.test/api/swaram-token", { method: "POST" }),
    );

    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: "internal_error" } });
    expect(lines.join("\n")).toMatch(/apiKey is missing: set the swaram secret key/);
    expect(() => createTokenHandler({ apiKey: "  " })).not.toThrow();
  });

  it("with a missing key, only a POST that would mint gets the 500; the rest answer as always", async () => {
    const lines: string[] = [];
    const logger = { info() {}, warn() {}, error: (message: string) => void lines.push(message) };
    const handler = createTokenHandler({
      apiKey: "",
      logger,
      allowedOrigins: ["https://shop.example"],
      rateLimit: { limit: 1, windowMs: 60_000, key: () => "one client" },
    });
    const request = (method: string, origin?: string) =>
      handler(
        new Request("http://app.test/api/swaram-token", {
          method,
          headers: origin ? { origin } : {},
        }),
      );

    expect((await request("OPTIONS", "https://shop.example")).status).toBe(204);
    expect((await request("GET")).status).toBe(405);
    expect((await request("POST", "https://evil.example")).status).toBe(403);
    expect((await request("POST")).status).toBe(500);
    expect((await request("POST")).status).toBe(429);
    expect(lines.filter((line) => line.includes("apiKey is missing"))).toHaveLength(1);
  });

  it("a blank baseUrl (an environment variable set to nothing) means the default service", () => {
    const apiKey = testSecretKey();

    expect(() => createTokenHandler({ apiKey, baseUrl: "" })).not.toThrow();
    expect(() => createTokenHandler({ apiKey, baseUrl: " \n" })).not.toThrow();
    expect(() => createTokenHandler({ apiKey, baseUrl: "not a url" })).toThrow(/not a valid URL/);
  });

  it("refuses the same keys in mintClientSecret before any request", async () => {
    await expect(mintClientSecret({ apiKey: "swaram_ek_abc" })).rejects.toMatchObject({
      code: "invalid-config",
    });
  });

  it("refuses a base URL carrying credentials, or one that is not http(s)/ws(s)", () => {
    const apiKey = testSecretKey();

    const withQuery = thrownBy(() =>
      createTokenHandler({ apiKey, baseUrl: `https://x.example/?api_key=${apiKey}` }),
    );
    const ftp = thrownBy(() => createTokenHandler({ apiKey, baseUrl: "ftp://x.example" }));
    const garbage = thrownBy(() => createTokenHandler({ apiKey, baseUrl: "not a url" }));

    for (const error of [withQuery, ftp, garbage]) {
      expect(isSwaramServerError(error) && error.code).toBe("invalid-config");
      expect((error as Error).message).not.toContain(apiKey);
    }
  });

  it("refuses a non-positive timeout or body limit", () => {
    const apiKey = testSecretKey();

    expect(() => createTokenHandler({ apiKey, upstreamTimeoutMs: 0 })).toThrow(/upstreamTimeoutMs/);
    expect(() => createTokenHandler({ apiKey, maxBodyBytes: -1 })).toThrow(/maxBodyBytes/);
    expect(() => createTokenHandler({ apiKey, rateLimit: { limit: 0 } })).toThrow(
      /rateLimit.limit/,
    );
  });

  it("refuses a timeout longer than a timer can hold, naming the option and the maximum", async () => {
    const apiKey = testSecretKey();
    const upstream = await startUpstream(() => ({ hang: true }));

    for (const upstreamTimeoutMs of [2 ** 31, 3e9, Number.MAX_SAFE_INTEGER]) {
      const error = thrownBy(() =>
        createTokenHandler({ apiKey, baseUrl: upstream.url, upstreamTimeoutMs }),
      );
      expect(isSwaramServerError(error) && error.code).toBe("invalid-config");
      expect((error as Error).message).toMatch(/upstreamTimeoutMs.*2147483647/);
    }
    expect(() => createTokenHandler({ apiKey, upstreamTimeoutMs: 2 ** 31 - 1 })).not.toThrow();
    // mintClientSecret refuses it too, before any request (it used to time out at once).
    await expect(
      mintClientSecret({ apiKey, baseUrl: upstream.url, timeoutMs: 3e9 }),
    ).rejects.toMatchObject({
      code: "invalid-config",
      message: expect.stringMatching(/timeoutMs.*2147483647/),
    });
    expect(upstream.received).toHaveLength(0);
  });

  it.each([
    ["a string instead of a list", { voice: "mal-female" }, /allow\.voice/],
    ["a list with a non-string", { model: ["mal-realtime-simple", 7] }, /allow\.model/],
    ["null for a list", { voice: null }, /allow\.voice/],
    ["a list instead of an object", ["mal-female"], /allow/],
  ])("refuses an allow option that is %s", (_name, allow, message) => {
    const error = thrownBy(() =>
      createTokenHandler({ apiKey: testSecretKey(), allow: allow as never }),
    );

    expect(isSwaramServerError(error) && error.code).toBe("invalid-config");
    expect((error as Error).message).toMatch(message);
  });
});
