import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import {
  createApp,
  type RunningTokenServer,
  resolveUpstream,
  startTokenServer,
} from "../src/index.js";

// Made at run time: no key-shaped literal lives in the repository.
const SECRET = `swaram_${randomBytes(16).toString("hex")}`;

const running: RunningTokenServer[] = [];
const fakes: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await Promise.all(
    fakes.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A stand-in for the swaram service that records what it was asked. */
async function fakeSwaram(): Promise<{ url: string; authorizations: (string | undefined)[] }> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ value: "swaram_ek_fromfake", expires_at: 2_000_000_000 }));
    });
  });
  fakes.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations };
}

describe("choosing the upstream", () => {
  it("uses SWARAM_API_KEY and SWARAM_BASE_URL for the real service and says so", async () => {
    const swaram = await fakeSwaram();

    const server = await startTokenServer({
      port: 0,
      env: { SWARAM_API_KEY: SECRET, SWARAM_BASE_URL: swaram.url },
    });
    running.push(server);
    const response = await fetch(server.tokenUrl, { method: "POST" });

    expect(server.banner).toBe(
      `swaram token server listening on ${server.url}/api/swaram-token, minting from swaram at ${swaram.url}`,
    );
    expect(server.banner).not.toContain(SECRET);
    expect(response.status).toBe(200);
    expect(swaram.authorizations).toEqual([`Bearer ${SECRET}`]);
  });

  it("defaults to api.swaram.live with only SWARAM_API_KEY, and prefers it over a dev key", () => {
    expect(resolveUpstream({ SWARAM_API_KEY: SECRET, SWARAM_DEV_KEY: "swaram_dev" })).toEqual({
      kind: "swaram",
      apiKey: SECRET,
      baseUrl: "https://api.swaram.live",
    });
  });

  it("falls back to the local dev server on 127.0.0.1:8787 with SWARAM_DEV_KEY", () => {
    expect(resolveUpstream({ SWARAM_API_KEY: "  ", SWARAM_DEV_KEY: SECRET })).toEqual({
      kind: "dev-server",
      apiKey: SECRET,
      baseUrl: "http://127.0.0.1:8787",
    });
  });

  it("refuses to start with no key at all, saying which variables to set", async () => {
    await expect(startTokenServer({ port: 0, env: {} })).rejects.toThrow(
      /SWARAM_API_KEY.*SWARAM_DEV_KEY/s,
    );
  });

  it("refuses an ephemeral token as SWARAM_API_KEY without printing it", async () => {
    const token = "swaram_ek_0123456789abcdef";

    const failure = await startTokenServer({ port: 0, env: { SWARAM_API_KEY: token } }).catch(
      (error: Error) => error,
    );

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("ephemeral");
    expect((failure as Error).message).not.toContain(token);
  });
});

describe("the app", () => {
  it("allows the origins listed in SWARAM_ALLOWED_ORIGINS and refuses others", async () => {
    const swaram = await fakeSwaram();
    const server = await startTokenServer({
      port: 0,
      env: {
        SWARAM_API_KEY: SECRET,
        SWARAM_BASE_URL: swaram.url,
        SWARAM_ALLOWED_ORIGINS: "https://shop.example, https://admin.shop.example",
      },
    });
    running.push(server);

    const preflight = await fetch(server.tokenUrl, {
      method: "OPTIONS",
      headers: { origin: "https://admin.shop.example", "access-control-request-method": "POST" },
    });
    const stranger = await fetch(server.tokenUrl, {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://admin.shop.example");
    expect(stranger.status).toBe(403);
    expect(swaram.authorizations).toHaveLength(0);
  });

  it("rate-limits each client by its connection address", async () => {
    const swaram = await fakeSwaram();
    const app = createApp({
      apiKey: SECRET,
      baseUrl: swaram.url,
      rateLimit: { limit: 2, windowMs: 60_000 },
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    fakes.push(server as Server);
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/swaram-token`;

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url, { method: "POST" })).status);

    expect(statuses).toEqual([200, 200, 429]);
  });

  it("answers a health check", async () => {
    const app = createApp({ apiKey: SECRET, baseUrl: "http://127.0.0.1:1" });

    const response = await app.request("/healthz");

    expect(await response.json()).toEqual({ ok: true });
  });
});
