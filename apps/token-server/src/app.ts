import type { HttpBindings } from "@hono/node-server";
import {
  createTokenHandler,
  type RateLimitOptions,
  type SwaramSessionConfig,
  type TokenLogger,
} from "@swaram/server";
import { Hono } from "hono";
import { DEMO_VOICES, demoSession } from "./demoSession.js";

/** The path the browser POSTs to for a token. */
export const TOKEN_PATH = "/api/swaram-token";

/** Options of {@link createApp}. */
export interface TokenAppOptions {
  /** The secret key (`swaram_…`) of the upstream minted from. */
  apiKey: string;
  /** The upstream: the swaram service or the local dev server. */
  baseUrl: string;
  /** The locked session (default: the demo shop assistant). */
  session?: SwaramSessionConfig;
  /** Exact origins allowed to call cross-origin (default none: same-origin only). */
  allowedOrigins?: readonly string[];
  rateLimit?: RateLimitOptions | false;
  logger?: TokenLogger;
}

/**
 * The token server as a Hono app: `POST /api/swaram-token` mints a token with the
 * locked demo session (the body may pick a voice), `GET /healthz` answers `{ ok: true }`.
 * Mount it anywhere Hono runs; `startTokenServer` serves it on Node.
 *
 * @example
 * ```ts
 * const app = createApp({ apiKey: process.env.SWARAM_API_KEY!, baseUrl: "https://api.swaram.live" });
 * serve({ fetch: app.fetch, port: 8788 });
 * ```
 */
export function createApp(options: TokenAppOptions): Hono<{ Bindings: Partial<HttpBindings> }> {
  const handler = createTokenHandler({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    session: options.session ?? demoSession,
    allow: { voice: DEMO_VOICES },
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const app = new Hono<{ Bindings: Partial<HttpBindings> }>();
  app.all(TOKEN_PATH, (c) =>
    handler(c.req.raw, { clientAddress: c.env?.incoming?.socket.remoteAddress }),
  );
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.onError((_error, c) =>
    c.json(
      { error: { type: "server_error", code: "internal_error", message: "Something went wrong." } },
      500,
    ),
  );
  return app;
}
