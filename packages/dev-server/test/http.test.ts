import { request } from "node:http";
import { type Socket, connect as tcpConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type DevServer, type DevServerOptions, startDevServer } from "../src/index.js";

let dev: DevServer | undefined;
const start = async (options: DevServerOptions = {}) => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone", ...options });
  return dev;
};
afterEach(async () => {
  await dev?.close();
  dev = undefined;
});

/** One HTTP/1.1 request with the path sent exactly as given; resolves with the status and body. */
function get(base: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: hostname, port, path, headers, method: body === undefined ? "GET" : "POST" },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.setTimeout(3_000, () => req.destroy(new Error(`no answer to ${path}`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Writes a raw request on a fresh TCP connection; resolves with whatever the server answers. */
function raw(base: string, head: string) {
  const { hostname, port } = new URL(base);
  return new Promise<string>((resolve) => {
    const socket = tcpConnect(Number(port), hostname);
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("error", () => resolve(text));
    socket.on("close", () => resolve(text));
    socket.setTimeout(3_000, () => socket.destroy());
    socket.write(head);
  });
}

const upgradeTo = (path: string, extra = "") =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

/** Sends an upgrade request, then resets the connection before the server's refusal lands. */
function resetDuringUpgrade(base: string, head: string) {
  const { hostname, port } = new URL(base);
  return new Promise<void>((resolve) => {
    const socket: Socket = tcpConnect(Number(port), hostname, () => {
      socket.write(head, () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.on("error", () => resolve());
  });
}

/**
 * Errors nothing handled while `run` ran. In-process they reach Vitest; in a real
 * `swaram-dev-server` process each one would have ended the server.
 */
async function uncaughtDuring(run: () => Promise<void>): Promise<Error[]> {
  const errors: Error[] = [];
  const collect = (error: Error) => errors.push(error);
  process.on("uncaughtException", collect);
  try {
    await run();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off("uncaughtException", collect);
  }
  return errors;
}

const healthy = async (d: DevServer) => (await fetch(`${d.url}/healthz`)).status;

describe("requests the server cannot route", () => {
  it("answers 404 to the path // and keeps serving", async () => {
    const d = await start();
    const res = await get(d.url, "//");
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error).toMatchObject({ code: "not_found" });
    expect((await get(d.url, "//healthz")).status).toBe(404);
    expect(await healthy(d)).toBe(200);
  });

  it("refuses a WebSocket upgrade to // with 404 and keeps serving", async () => {
    const d = await start();
    const answer = await raw(d.url, upgradeTo("//"));
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(await healthy(d)).toBe(200);
  });

  it("answers 400 to a request target that is not a path", async () => {
    const d = await start();
    expect(
      await raw(d.url, "GET * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    ).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(d.url, upgradeTo("*"))).toMatch(/^HTTP\/1\.1 400 /);
    expect(await healthy(d)).toBe(200);
  });

  it("keeps serving when a client resets its connection during a refused upgrade", async () => {
    const d = await start({ allowedOrigins: ["http://127.0.0.1:5173"] });
    const errors = await uncaughtDuring(async () => {
      // The race is timing-dependent: a few rounds, refused with 404 (no such path) and 403 (origin).
      for (let i = 0; i < 5; i++) {
        await resetDuringUpgrade(d.url, upgradeTo("/nope"));
        await resetDuringUpgrade(
          d.url,
          upgradeTo("/v1/realtime?model=mal-realtime-simple", "Origin: http://evil.example\r\n"),
        );
      }
    });
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(await healthy(d)).toBe(200);
  });
});

describe("requests that offer an HTTP/2 upgrade (curl --http2)", () => {
  const h2c = {
    connection: "Upgrade, HTTP2-Settings",
    upgrade: "h2c",
    "http2-settings": "AAMAAABkAARAAAAAAAIAAAAA",
  };

  it("answers /healthz as plain HTTP/1.1", async () => {
    const d = await start();
    const res = await get(d.url, "/healthz", h2c);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: "ok" });
  });

  it("mints a token", async () => {
    const d = await start();
    const res = await get(
      d.url,
      "/v1/realtime/client_secrets",
      { ...h2c, authorization: `Bearer ${d.key}`, "content-type": "application/json" },
      JSON.stringify({ session: { voice: "mal-male" } }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).value).toMatch(/^swaram_ek_/);
  });

  it("answers 404 elsewhere, as without the upgrade", async () => {
    const d = await start();
    expect((await get(d.url, "/nope", h2c)).status).toBe(404);
  });
});
