import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { readTokenResponse } from "../../src/auth/readTokenResponse.js";
import { isSwaramError } from "../../src/errors.js";
import { createSwaramSession } from "../../src/session/createSwaramSession.js";
import type { WebSocketConstructor } from "../../src/session/types.js";
import { useDevServer, waitFor } from "../session/support/harness.js";

const server = useDevServer();

let endpoint: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (endpoint ? endpoint.close(() => resolve()) : resolve()));
  endpoint = null;
});

/** A token endpoint of the app's own, answering with `status` and `body`. */
type Answer = { status: number; body: unknown };

async function tokenEndpoint(
  answer: (
    body: string,
    headers: Record<string, unknown>,
    method: string,
  ) => Answer | Promise<Answer>,
) {
  endpoint = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", async () => {
      const reply = await answer(body, req.headers, req.method ?? "");
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => endpoint?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/api/swaram-token`;
}

describe("readTokenResponse", () => {
  it("reads value, token, client_secret.value and a string client_secret", () => {
    expect(readTokenResponse({ value: "swaram_ek_a" })).toBe("swaram_ek_a");
    expect(readTokenResponse({ token: "swaram_ek_b" })).toBe("swaram_ek_b");
    expect(readTokenResponse({ client_secret: { value: "swaram_ek_c" } })).toBe("swaram_ek_c");
    expect(readTokenResponse({ client_secret: "swaram_ek_d" })).toBe("swaram_ek_d");
    expect(readTokenResponse({ value: "" })).toBeNull();
    expect(readTokenResponse("swaram_ek_e")).toBeNull();
  });
});

describe("token URL", () => {
  it("is POSTed with JSON, the app's headers and body, on every connect", async () => {
    const dev = server.dev();
    const requests: { method: string; body: string; user: unknown; type: unknown }[] = [];
    const url = await tokenEndpoint(async (body, headers, method) => {
      requests.push({ method, body, user: headers["x-app-user"], type: headers["content-type"] });
      return { status: 200, body: { client_secret: { value: await dev.mintToken() } } };
    });
    const session = server.open({
      token: url,
      tokenRequest: {
        headers: { "x-app-user": "user-42" },
        body: { room: "support" },
        credentials: "include",
      },
    });
    await session.start();
    dev.faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    await waitFor(session, (s) => s.status === "connected", "reconnected");
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual({
      method: "POST",
      body: JSON.stringify({ room: "support" }),
      user: "user-42",
      type: "application/json",
    });
  });

  it("works against the mint endpoint itself with a Bearer header (server-side use)", async () => {
    const dev = server.dev();
    const session = server.open({
      token: `${dev.url}/v1/realtime/client_secrets`,
      tokenRequest: { headers: { authorization: `Bearer ${dev.key}` } },
    });
    await session.start();
    expect(dev.sessions().at(-1)?.credential).toBe("ephemeral");
  });

  it("turns an HTTP failure into a token-endpoint error with the status and the endpoint's message", async () => {
    const url = await tokenEndpoint(() => ({
      status: 503,
      body: { error: { message: "Sign in again." } },
    }));
    const session = server.open({ token: url });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("token-endpoint");
    expect(session.store.getState().error).toMatchObject({ code: "token-endpoint", status: 503 });
    // One period at the end, also when the endpoint's message has its own.
    expect(session.store.getState().error?.message).toMatch(/HTTP 503: Sign in again\.$/);
  });

  it("never repeats a token in an error message", async () => {
    const url = await tokenEndpoint(() => ({
      status: 500,
      body: { message: "leaked swaram_ek_abcdef123 in a log" },
    }));
    const session = server.open({ token: url });
    await session.start().catch(() => undefined);
    const message = session.store.getState().error?.message ?? "";
    expect(message).toMatch(/HTTP 500/);
    expect(message).not.toContain("swaram_ek_abcdef123");
  });

  it("reports an answer without a token", async () => {
    const url = await tokenEndpoint(() => ({ status: 200, body: { ok: true } }));
    const session = server.open({ token: url });
    await session.start().catch(() => undefined);
    expect(session.store.getState().error).toMatchObject({ code: "token-endpoint", status: 200 });
    expect(session.store.getState().error?.message).toMatch(/without a token/);
  });

  it("reports an endpoint that cannot be reached", async () => {
    const url = await tokenEndpoint(() => ({ status: 200, body: {} }));
    await new Promise<void>((resolve) => endpoint?.close(() => resolve()));
    endpoint = null;
    const session = server.open({ token: url });
    await session.start().catch(() => undefined);
    expect(session.store.getState().error).toMatchObject({
      code: "token-endpoint",
      status: undefined,
    });
    expect(session.store.getState().error?.message).toMatch(/Could not reach the token endpoint/);
  });
});

/** The ws client, recording what each connection was opened with. */
function recordingWebSocket() {
  const calls: { url: string; protocols: unknown; headers: unknown }[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(
      url: string,
      protocols?: string | string[],
      options?: { headers?: Record<string, string> },
    ) {
      calls.push({ url, protocols, headers: options?.headers });
      super(url, protocols, options);
    }
  }
  return { calls, RecordingWebSocket };
}

describe("secret-key guard", () => {
  it("throws in a browser before any network call, saying why", () => {
    const dev = server.dev();
    let fetched = 0;
    const create = () =>
      createSwaramSession({
        token: dev.key,
        baseUrl: dev.url,
        isBrowser: () => true,
        fetch: async () => {
          fetched += 1;
          return new Response();
        },
      });
    expect(create).toThrow(/Secret keys stay on servers/);
    try {
      create();
    } catch (error) {
      expect(isSwaramError(error) && error.code).toBe("auth");
      expect(String(error)).not.toContain(dev.key);
    }
    expect(fetched).toBe(0);
    expect(dev.sessions()).toHaveLength(0);
  });

  it("rejects a secret key coming from a token function in a browser, before the socket", async () => {
    const dev = server.dev();
    const session = server.open({ token: async () => dev.key, isBrowser: () => true, audio: null });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("auth");
    expect(dev.sessions()).toHaveLength(0);
  });

  it("outside a browser sends a secret key as a Bearer header, never in the URL or subprotocols", async () => {
    const dev = server.dev();
    const { calls, RecordingWebSocket } = recordingWebSocket();
    const session = server.open({
      token: dev.key,
      isBrowser: () => false,
      WebSocket: RecordingWebSocket,
    });
    await session.start();
    expect(dev.sessions().at(-1)?.credential).toBe("secret");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${dev.wsUrl}/v1/realtime?model=mal-realtime-simple`);
    expect(calls[0]?.protocols).toEqual(["realtime"]);
    expect(calls[0]?.headers).toEqual({ Authorization: `Bearer ${dev.key}` });
  });

  it("offers a browser token in the subprotocols, never in the URL", async () => {
    const dev = server.dev();
    const token = await dev.mintToken();
    const { calls, RecordingWebSocket } = recordingWebSocket();
    const session = server.open({
      token,
      isBrowser: () => true,
      WebSocket: RecordingWebSocket,
      model: "mal-realtime-simple",
    });
    await session.start();
    expect(calls[0]?.url).not.toContain(token);
    expect(calls[0]?.protocols).toEqual(["realtime", `openai-insecure-api-key.${token}`]);
    expect(calls[0]?.headers).toBeUndefined();
  });
});

/** Every text an error carries, down its `cause` chain. */
function errorTexts(error: unknown, depth = 0): string[] {
  if (error === undefined || error === null || depth > 10) return [];
  const texts = [String(error)];
  if (error instanceof Error) {
    texts.push(error.message, error.stack ?? "", JSON.stringify(error));
    return [...texts, ...errorTexts(error.cause, depth + 1)];
  }
  return [...texts, JSON.stringify(error)];
}

describe("token values", () => {
  it("a token with a trailing newline (from res.text()) is trimmed and connects", async () => {
    const dev = server.dev();
    const { calls, RecordingWebSocket } = recordingWebSocket();
    const token = await dev.mintToken();
    const session = server.open({ token: async () => `${token}\n`, WebSocket: RecordingWebSocket });
    await session.start();
    expect(session.store.getState().status).toBe("connected");
    expect(calls[0]?.protocols).toEqual(["realtime", `openai-insecure-api-key.${token}`]);
  });

  it("a token a subprotocol cannot carry fails with a typed error that never repeats any of it", async () => {
    const [head, tail] = ["Qm7xT2vLp9", "Wz4kR8nHs3"];
    let sockets = 0;
    class CountingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        sockets += 1;
        super(url, protocols);
      }
    }
    const session = server.open({
      token: async () => `swaram_ek_${head}"${tail}`,
      WebSocket: CountingWebSocket,
    });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("token-endpoint");
    expect(session.store.getState()).toMatchObject({ status: "error", error: failure });
    const texts = errorTexts(failure).join("\n");
    expect(texts).toMatch(/subprotocol/);
    expect(texts).not.toContain(head);
    expect(texts).not.toContain(tail);
    expect(sockets).toBe(0);
  });

  it("a WebSocket constructor whose error repeats the subprotocols (as Chromium's does) leaks nothing", async () => {
    const token = await server.dev().mintToken();
    // Chromium throws a SyntaxError naming the refused subprotocol, credential and all.
    const RefusingWebSocket = function refuse(_url: string, protocols?: string | string[]) {
      throw new SyntaxError(
        `Failed to construct 'WebSocket': The subprotocol '${String(protocols)}' is invalid.`,
      );
    } as unknown as WebSocketConstructor;
    const session = server.open({ token, WebSocket: RefusingWebSocket });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("protocol");
    expect(errorTexts(failure).join("\n")).not.toContain(token.slice("swaram_ek_".length));
  });
});

describe("secret keys with stray whitespace, and runtimes that are not plainly a server", () => {
  it("a secret key with a leading space is still refused in a browser, never POSTed as a URL", () => {
    const dev = server.dev();
    let fetched = 0;
    const create = () =>
      createSwaramSession({
        token: ` ${dev.key}`,
        baseUrl: dev.url,
        isBrowser: () => true,
        fetch: async () => {
          fetched += 1;
          return new Response();
        },
      });
    expect(create).toThrow(/Secret keys stay on servers/);
    expect(fetched).toBe(0);
  });

  it("a secret key with stray whitespace outside a browser is trimmed and sent as a Bearer header", async () => {
    const dev = server.dev();
    const { calls, RecordingWebSocket } = recordingWebSocket();
    const session = server.open({ token: `  ${dev.key}\n`, WebSocket: RecordingWebSocket });
    await session.start();
    expect(dev.sessions().at(-1)?.credential).toBe("secret");
    expect(calls[0]?.headers).toEqual({ Authorization: `Bearer ${dev.key}` });
  });

  describe("a `window` without `document`", () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });
    const create = (options: { allowSecretKey?: boolean } = {}) =>
      server.open({ token: server.dev().key, ...options });

    it("in Node, a secret key is allowed (positively a server)", () => {
      vi.stubGlobal("window", {});
      expect(() => create()).not.toThrow();
    });

    it("elsewhere, a secret key is refused unless allowSecretKey: true", () => {
      vi.stubGlobal("window", {});
      vi.stubGlobal("process", { ...process, versions: {} });
      let refused: unknown;
      try {
        create();
      } catch (error) {
        refused = error;
      }
      expect(() => create({ allowSecretKey: true })).not.toThrow();
      vi.unstubAllGlobals();
      expect(isSwaramError(refused) && refused.code).toBe("auth");
      expect(String(refused)).not.toContain(server.dev().key);
    });
  });
});
