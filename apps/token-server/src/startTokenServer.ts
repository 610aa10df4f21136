import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { TokenLogger } from "@swaram/server";
import { createApp, TOKEN_PATH, type TokenAppOptions } from "./app.js";
import {
  describeUpstream,
  resolveUpstream,
  type TokenServerEnv,
  type Upstream,
} from "./upstream.js";

/** Options of {@link startTokenServer}. */
export interface StartTokenServerOptions {
  /** 0 picks a free port (default 8788). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where keys and URLs come from (default `process.env`). */
  env?: TokenServerEnv & { SWARAM_ALLOWED_ORIGINS?: string };
  logger?: TokenLogger;
  /** Per-client mint limit (default 20 a minute per client address); `false` turns it off. */
  rateLimit?: TokenAppOptions["rateLimit"];
}

/** A running token server. */
export interface RunningTokenServer {
  /** `http://host:port` */
  url: string;
  /** The full token route, `http://host:port/api/swaram-token`. */
  tokenUrl: string;
  upstream: Upstream;
  /** The startup line: where it listens and which upstream it mints from, never the key. */
  banner: string;
  close(): Promise<void>;
}

function origins(value: string | undefined): string[] | undefined {
  const list = value
    ?.split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return list === undefined || list.length === 0 ? undefined : list;
}

/**
 * Serves {@link createApp} on Node with the upstream chosen from the environment.
 *
 * @example
 * ```ts
 * const server = await startTokenServer({ port: 0, env: { SWARAM_DEV_KEY: dev.key, SWARAM_DEV_URL: dev.url } });
 * await fetch(server.tokenUrl, { method: "POST" });
 * await server.close();
 * ```
 */
export async function startTokenServer(
  options: StartTokenServerOptions = {},
): Promise<RunningTokenServer> {
  const env = options.env ?? process.env;
  const upstream = resolveUpstream(env);
  const allowedOrigins = origins(env.SWARAM_ALLOWED_ORIGINS);
  const app = createApp({
    apiKey: upstream.apiKey,
    baseUrl: upstream.baseUrl,
    ...(allowedOrigins === undefined ? {} : { allowedOrigins }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
  });
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 8788, hostname: host }, () =>
      resolve(started),
    );
    started.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    upstream,
    banner: `swaram token server listening on ${url}${TOKEN_PATH}, ${describeUpstream(upstream)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
