import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DevServer, type DevServerOptions, startDevServer } from "@swaram/dev-server";
import { toNodeHandler } from "@swaram/server/node";
import { createApp, startTokenServer } from "@swaram/token-server";
import { build, preview } from "vite";

/** The demo app's folder (holds vite.config.ts). */
export const DEMO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One server event or client event the dev server saw, without the audio payloads. */
export interface SeenEvent {
  sessionId: string;
  direction: "in" | "out";
  type: string;
  event: Record<string, unknown>;
}

/** Everything the demo needs, on free ports: dev server, token route, the built demo. */
export interface Stack {
  dev: DevServer;
  /** The demo page, served by `vite preview` (its /api proxied to the token route). */
  demoUrl: string;
  /** Mint requests that reached the dev server (`POST /v1/realtime/client_secrets`). */
  mints(): number;
  /** Realtime sessions the dev server opened (each one sent `session.created`). */
  sessionsOpened(): number;
  /** Events both ways, audio appends and deltas left out (they are only counted). */
  events: SeenEvent[];
  close(): Promise<void>;
}

export interface StackOptions {
  dev?: DevServerOptions;
  /**
   * The real token server (`startTokenServer`, with its per-client rate limit of 20 mints
   * a minute), or `false` for the same route without the limit (benchmarks mint hundreds).
   */
  tokenRateLimit?: boolean;
}

const AUDIO = new Set(["input_audio_buffer.append", "response.output_audio.delta"]);

async function serveUnlimitedTokenRoute(
  dev: DevServer,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({ apiKey: dev.key, baseUrl: dev.url, rateLimit: false });
  const server: Server = createServer(toNodeHandler(async (request) => app.fetch(request)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts the dev server and the token route on free ports, builds the demo pointed at
 * them (`VITE_SWARAM_BASE_URL`, `TOKEN_SERVER_URL`, as a developer would) and serves it
 * with `vite preview` on a free port.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const opened = new Set<string>();
  const events: SeenEvent[] = [];
  // Whatever started is stopped again, also when a later step fails.
  const started: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  try {
    const dev = await startDevServer({
      port: 0,
      toolCallEvery: 0,
      quiet: true,
      ...options.dev,
    });
    started.push(() => dev.close());
    dev.onEvent(({ sessionId, direction, event }) => {
      const type = String(event.type);
      if (direction === "out" && type === "session.created") opened.add(sessionId);
      if (!AUDIO.has(type)) events.push({ sessionId, direction, type, event });
    });

    const tokens =
      options.tokenRateLimit === false
        ? await serveUnlimitedTokenRoute(dev)
        : await startTokenServer({
            port: 0,
            env: { SWARAM_DEV_KEY: dev.key, SWARAM_DEV_URL: dev.url },
            logger: { info() {}, warn() {}, error() {} },
          });
    started.push(() => tokens.close());

    const outDir = await mkdtemp(join(tmpdir(), "swaram-demo-e2e-"));
    started.push(() => rm(outDir, { recursive: true, force: true }));
    const server = await withEnv(
      { VITE_SWARAM_BASE_URL: dev.wsUrl, TOKEN_SERVER_URL: tokens.url },
      async () => {
        await build({ root: DEMO_ROOT, logLevel: "silent", build: { outDir, emptyOutDir: true } });
        return preview({
          root: DEMO_ROOT,
          logLevel: "silent",
          build: { outDir },
          preview: { host: "127.0.0.1", port: 0, open: false },
        });
      },
    );
    started.push(() => server.close());
    const demoUrl = server.resolvedUrls?.local[0];
    if (!demoUrl) throw new Error("vite preview did not report its URL");

    return {
      dev,
      demoUrl,
      mints: () => dev.mints(),
      sessionsOpened: () => opened.size,
      events,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `fn` with environment variables set (vite.config.ts reads them at load). */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
