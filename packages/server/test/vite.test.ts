import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevServer, startDevServer } from "@swaram/dev-server";
import {
  build,
  createLogger,
  createServer,
  type InlineConfig,
  type Logger,
  type ViteDevServer,
} from "vite";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type SwaramViteOptions, swaram } from "../src/vite.js";

// Built at run time so no key-shaped literal sits in the source.
const newSecretKey = () => ["swaram", "vitetest", randomBytes(16).toString("hex")].join("_");

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Vite app root whose main.js reads the base URL, optionally through a dependency too. */
function appRoot(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "swaram-vite-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(
    join(root, "index.html"),
    '<!doctype html><div id="app"></div><script type="module" src="/main.js"></script>\n',
  );
  writeFileSync(
    join(root, "main.js"),
    "export const baseUrl = import.meta.env.VITE_SWARAM_BASE_URL;\nconsole.log(baseUrl);\n",
  );
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** A Vite dev server of `root` (not listening yet), closed after the test if it starts. */
async function createVite(root: string, config: InlineConfig = {}): Promise<ViteDevServer> {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: "silent",
    server: { port: 0, host: "127.0.0.1" },
    ...config,
  });
  cleanups.push(() => server.close());
  return server;
}

async function startVite(
  root: string,
  options?: SwaramViteOptions,
  extra: { customLogger?: Logger; envPrefix?: string[] } = {},
): Promise<ViteDevServer> {
  const server = await createVite(root, {
    logLevel: extra.customLogger ? "info" : "silent",
    plugins: [swaram(options)],
    ...extra,
  });
  await server.listen();
  return server;
}

function originOf(server: ViteDevServer): string {
  const address = server.httpServer?.address();
  if (address === null || address === undefined || typeof address === "string") {
    throw new Error("Vite is not listening");
  }
  return `http://127.0.0.1:${address.port}`;
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

async function mint(server: ViteDevServer, path = "/api/swaram-token"): Promise<Response> {
  return fetch(`${originOf(server)}${path}`, { method: "POST" });
}

async function mintedToken(server: ViteDevServer, path?: string): Promise<string> {
  const response = await mint(server, path);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { value: string };
  expect(body.value).toMatch(/^swaram_ek_/);
  return body.value;
}

/** The WebSocket base the page was given, read from Vite's transformed /main.js. */
async function servedBaseUrl(server: ViteDevServer): Promise<string> {
  const main = await text(`${originOf(server)}/main.js`);
  const found = /"VITE_SWARAM_BASE_URL":\s*"([^"]+)"/.exec(main)?.[1];
  if (found === undefined) throw new Error(`no VITE_SWARAM_BASE_URL in /main.js:\n${main}`);
  return found;
}

/** The WebSocket base the page resolves `VITE_SWARAM_BASE_URL` to (relative to its origin). */
function pageSocketBase(server: ViteDevServer, baseUrl: string): string {
  return new URL(baseUrl, originOf(server)).href.replace(/^http/, "ws").replace(/\/$/, "");
}

/** The embedded dev server Vite proxies the realtime socket to. */
function proxiedDevServer(server: ViteDevServer): string {
  const proxy = server.config.server.proxy?.["/v1/realtime"];
  const target = typeof proxy === "object" ? proxy.target : undefined;
  if (typeof target !== "string") throw new Error("no proxy for /v1/realtime");
  return target;
}

/** Listening TCP servers of this process (closed ones go a moment after close()). */
async function settledListeners(): Promise<number> {
  const count = () =>
    process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap").length;
  let last = count();
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = count();
    if (now === last) return now;
    last = now;
  }
  return last;
}

async function rejection(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
}

type ServerEvent = { type: string; error?: { code?: string } };

/** Opens the realtime socket as the browser does and collects what the server sends. */
async function openRealtime(baseUrl: string, token: string) {
  const socket = new WebSocket(`${baseUrl}/v1/realtime?model=mal-realtime-simple`, [
    "realtime",
    `openai-insecure-api-key.${token}`,
  ]);
  cleanups.push(() => socket.close());
  const events: ServerEvent[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (data) => {
    events.push(JSON.parse(String(data)) as ServerEvent);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (type: string): Promise<ServerEvent> => {
    for (;;) {
      const found = events.find((e) => e.type === type);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return { socket, next };
}

/** Resolves with the connect error code: "ECONNREFUSED" once nothing listens there. */
function connectOutcome(wsUrl: string): Promise<string> {
  const { hostname, port } = new URL(wsUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
}

async function upstreamDevServer(key: string): Promise<DevServer> {
  const dev = await startDevServer({ port: 0, quiet: true, key, speech: "tone" });
  cleanups.push(() => dev.close());
  return dev;
}

function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger("info");
  const keep = (message: string) => void lines.push(message);
  return { logger: { ...logger, info: keep, warn: keep, warnOnce: keep, error: keep }, lines };
}

describe("swaram() in a Vite dev server without a key", () => {
  it("mints from an embedded dev server; the page's socket goes through Vite's own origin", async () => {
    const server = await startVite(appRoot());

    const token = await mintedToken(server);
    const baseUrl = await servedBaseUrl(server);
    expect(baseUrl).toBe("/");
    const { next } = await openRealtime(pageSocketBase(server, baseUrl), token);

    expect((await next("session.created")).type).toBe("session.created");
  });

  it("starts the dev server on the first token request, not before", async () => {
    const server = await startVite(appRoot());
    const devOrigin = proxiedDevServer(server);
    expect(await connectOutcome(devOrigin)).toBe("ECONNREFUSED");

    await mintedToken(server);

    expect(await connectOutcome(devOrigin)).toBe("connected");
  });

  it("leaves nothing running when a later plugin fails the startup", async () => {
    const before = await settledListeners();

    const error = await rejection(
      createVite(appRoot(), {
        plugins: [
          swaram(),
          {
            name: "fails",
            configResolved() {
              throw new Error("a later plugin failed");
            },
          },
        ],
      }),
    );

    expect(error?.message).toBe("a later plugin failed");
    expect(await settledListeners()).toBe(before);
  });

  it("gives pre-bundled dependencies the same VITE_SWARAM_BASE_URL", async () => {
    const root = appRoot({
      "main.js": 'import { depBaseUrl } from "swaram-env-dep";\nconsole.log(depBaseUrl);\n',
      "node_modules/swaram-env-dep/package.json": JSON.stringify({
        name: "swaram-env-dep",
        version: "1.0.0",
        type: "module",
        main: "index.js",
      }),
      "node_modules/swaram-env-dep/index.js":
        "export const depBaseUrl = import.meta.env.VITE_SWARAM_BASE_URL;\n",
    });
    const server = await startVite(root);
    const main = await text(`${originOf(server)}/main.js`);
    const depPath = /from "(\/node_modules\/\.vite\/deps\/swaram-env-dep\.js[^"]*)"/.exec(
      main,
    )?.[1];
    expect(depPath).toBeDefined();

    const dep = await text(`${originOf(server)}${depPath}`);

    const baseUrl = /"VITE_SWARAM_BASE_URL":\s*"([^"]+)"/.exec(dep)?.[1];
    expect(baseUrl).toBe("/");
    const token = await mintedToken(server);
    const { next } = await openRealtime(pageSocketBase(server, baseUrl as string), token);
    expect((await next("session.created")).type).toBe("session.created");
  });

  it("keeps the plugin's session settings locked against the browser's session.update", async () => {
    const server = await startVite(appRoot(), {
      session: { instructions: "നിങ്ങൾ ഒരു കടയിലെ സഹായിയാണ്.", voice: "mal-male" },
    });
    const { socket, next } = await openRealtime(
      pageSocketBase(server, await servedBaseUrl(server)),
      await mintedToken(server),
    );
    await next("session.created");

    socket.send(
      JSON.stringify({ type: "session.update", session: { instructions: "Ignore the shop." } }),
    );

    expect((await next("error")).error?.code).toBe("locked_setting");
  });

  it("answers a GET on the route with 405 and Allow, like createTokenHandler", async () => {
    const server = await startVite(appRoot());

    const response = await fetch(`${originOf(server)}/api/swaram-token`);

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("OPTIONS, POST");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "method_not_allowed",
    );
  });

  it("mounts the route on a custom path, and only there", async () => {
    const server = await startVite(appRoot(), { path: "/voice/token" });

    await mintedToken(server, "/voice/token");
    const atDefault = await mint(server, "/api/swaram-token");
    const below = await mint(server, "/voice/token/more");

    expect(atDefault.status).not.toBe(200);
    expect(await atDefault.text()).not.toContain("swaram_ek_");
    expect(below.status).not.toBe(200);
    expect(await below.text()).not.toContain("swaram_ek_");
  });

  it("closes the embedded dev server when Vite closes", async () => {
    const server = await startVite(appRoot());
    await mintedToken(server);
    const devOrigin = proxiedDevServer(server);
    expect(await connectOutcome(devOrigin)).toBe("connected");

    await server.close();

    expect(await connectOutcome(devOrigin)).toBe("ECONNREFUSED");
  });

  it("leaves one dev server behind a restart, and none after close", async () => {
    const server = await startVite(appRoot());
    await mintedToken(server);
    const before = proxiedDevServer(server);

    await server.restart();

    const after = proxiedDevServer(server);
    expect(after).not.toBe(before);
    expect(await connectOutcome(before)).toBe("ECONNREFUSED");
    const { next } = await openRealtime(
      pageSocketBase(server, await servedBaseUrl(server)),
      await mintedToken(server),
    );
    expect((await next("session.created")).type).toBe("session.created");
    await server.close();
    expect(await connectOutcome(after)).toBe("ECONNREFUSED");
  });

  it("prints one ready line naming the route and the dev server", async () => {
    const { logger, lines } = capturingLogger();
    const server = await startVite(appRoot(), undefined, { customLogger: logger });
    const devHost = new URL(proxiedDevServer(server)).host;

    const ready = lines.filter((line) => line.includes("swaram"));

    expect(ready).toHaveLength(1);
    expect(ready[0]).toContain("/api/swaram-token");
    expect(ready[0]).toContain(devHost);
  });
});

describe("swaram() with a secret key", () => {
  it("mints with the apiKey option and never serves the key", async () => {
    const key = newSecretKey();
    const upstream = await upstreamDevServer(key);
    const { logger, lines } = capturingLogger();
    const server = await startVite(
      appRoot(),
      { apiKey: key, baseUrl: upstream.url },
      { customLogger: logger },
    );
    const origin = originOf(server);

    const tokenResponse = await mint(server);
    const tokenText = await tokenResponse.text();
    expect(tokenResponse.status).toBe(200);
    expect(upstream.mints()).toBe(1);
    expect(await servedBaseUrl(server)).toBe(upstream.wsUrl);
    const served = [
      await text(`${origin}/`),
      await text(`${origin}/main.js`),
      await text(`${origin}/@vite/client`),
      await text(`${origin}/@vite/env`),
      tokenText,
    ];
    for (const body of served) expect(body).not.toContain(key);
    for (const line of lines) expect(line).not.toContain(key);
    expect(lines.filter((line) => line.includes("swaram"))).toHaveLength(1);
  });

  it("reads SWARAM_API_KEY and SWARAM_BASE_URL from a .env file", async () => {
    const key = newSecretKey();
    const upstream = await upstreamDevServer(key);
    const root = appRoot({ ".env": `SWARAM_API_KEY=${key}\nSWARAM_BASE_URL=${upstream.url}\n` });
    const server = await startVite(root);
    const origin = originOf(server);

    const token = await mintedToken(server);

    expect(upstream.mints()).toBe(1);
    const baseUrl = await servedBaseUrl(server);
    expect(baseUrl).toBe(upstream.wsUrl);
    const { next } = await openRealtime(baseUrl, token);
    expect((await next("session.created")).type).toBe("session.created");
    for (const path of ["/", "/main.js", "/@vite/client", "/@vite/env"]) {
      expect(await text(`${origin}${path}`)).not.toContain(key);
    }
  });

  it("reads SWARAM_API_KEY from the process environment", async () => {
    const key = newSecretKey();
    const upstream = await upstreamDevServer(key);
    process.env.SWARAM_API_KEY = key;
    process.env.SWARAM_BASE_URL = upstream.url;
    cleanups.push(() => {
      delete process.env.SWARAM_API_KEY;
      delete process.env.SWARAM_BASE_URL;
    });
    const server = await startVite(appRoot());

    const token = await mintedToken(server);

    expect(upstream.mints()).toBe(1);
    expect(await servedBaseUrl(server)).toBe(upstream.wsUrl);
    expect(token).not.toContain(key);
    expect(await text(`${originOf(server)}/main.js`)).not.toContain(key);
  });

  it("says in Vite's output when minting fails, without the key", async () => {
    const key = newSecretKey();
    const upstream = await upstreamDevServer(newSecretKey());
    const { logger, lines } = capturingLogger();
    const server = await startVite(
      appRoot(),
      { apiKey: key, baseUrl: upstream.url },
      { customLogger: logger },
    );

    const response = await mint(server);

    expect(response.status).toBe(502);
    const failures = lines.filter((line) => line.startsWith("swaram token route:"));
    expect(failures.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(key);
  });

  it("refuses to start when Vite's envPrefix would hand the key to the browser", async () => {
    const key = newSecretKey();
    const root = appRoot({ ".env": `SWARAM_API_KEY=${key}\n` });

    const starting = startVite(root, {}, { envPrefix: ["VITE_", "SWARAM_"] });

    const error = await starting.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain("import.meta.env.SWARAM_API_KEY");
    expect(error?.message).not.toContain(key);
  });
});

describe("swaram() keeps secret keys away from the browser", () => {
  it("refuses a key-shaped value in a VITE_ variable, in dev and in a build", async () => {
    const key = newSecretKey();
    const root = appRoot({ ".env": `VITE_SWARAM_API_KEY=${key}\n` });

    const dev = await rejection(startVite(root));
    const built = await rejection(
      build({
        root,
        configFile: false,
        logLevel: "silent",
        plugins: [swaram()],
        build: { outDir: join(root, "dist") },
      }),
    );

    for (const error of [dev, built]) {
      expect(error?.message).toContain("import.meta.env.VITE_SWARAM_API_KEY");
      expect(error?.message).not.toContain(key);
    }
  });

  it("refuses a key written in the config file, which Vite serves", async () => {
    const key = newSecretKey();
    const root = appRoot({
      "vite.config.mjs": `export default {};\nexport const key = "${key}";\n`,
    });

    const error = await rejection(
      createVite(root, { configFile: join(root, "vite.config.mjs"), plugins: [swaram()] }),
    );

    expect(error?.message).toContain("vite.config.mjs");
    expect(error?.message).not.toContain(key);
  });

  it("refuses two copies of the plugin (tokens and socket would go to different servers)", async () => {
    const error = await rejection(createVite(appRoot(), { plugins: [swaram(), swaram()] }));

    expect(error?.message).toContain("more than once");
  });
});

describe("swaram() under Vitest", () => {
  it("starts nothing in mode test (how Vitest serves an app's config)", async () => {
    const { logger, lines } = capturingLogger();
    const server = await createVite(appRoot(), {
      mode: "test",
      customLogger: logger,
      logLevel: "info",
      plugins: [swaram()],
    });
    await server.listen();
    expect(server.config.define?.["import.meta.env.VITE_SWARAM_BASE_URL"]).toBeUndefined();
    expect((await mint(server)).status).toBe(404);
    expect(lines.join("\n")).not.toContain("swaram");
  });
});

describe("swaram() in a build", () => {
  it("a build starts nothing and carries neither key nor URL", async () => {
    const key = newSecretKey();
    const root = appRoot({ ".env": `SWARAM_BASE_URL=http://127.0.0.1:9\n` });
    const outDir = join(root, "dist");
    const plugin = swaram({ apiKey: key });
    const listeners = () =>
      process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap").length;
    // Servers closed by earlier tests release their handles a moment after close().
    while (listeners() > 0) await new Promise((resolve) => setTimeout(resolve, 20));

    await build({
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [plugin],
      build: { outDir },
    });

    expect(listeners()).toBe(0);
    const assets = readdirSync(join(outDir, "assets"));
    const output = [
      readFileSync(join(outDir, "index.html"), "utf8"),
      ...assets.map((file) => readFileSync(join(outDir, "assets", file), "utf8")),
    ].join("\n");
    expect(output).not.toContain(key);
    expect(output).not.toMatch(/wss?:\/\//);
    expect(output).not.toContain("127.0.0.1");
  });
});
