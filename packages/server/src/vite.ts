import { resolve } from "node:path";
import type { Plugin, ResolvedConfig, UserConfig, ViteDevServer } from "vite";
import { createTokenHandler } from "./createTokenHandler.js";
import { SwaramServerError } from "./errors.js";
import type { TokenHandlerOptions } from "./tokenHandlerOptions.js";
import { type NodeRequestListener, toNodeHandler } from "./toNodeHandler.js";
import { clientSecretsUrl, DEFAULT_BASE_URL } from "./upstreamUrl.js";

/**
 * Options of the {@link swaram} Vite plugin: the token route's options (`session`, `allow`,
 * `authorize`, `rateLimit`, `logger`…) plus where the route lives and where it mints.
 *
 * @example
 * ```ts
 * const options: SwaramViteOptions = {
 *   path: "/api/swaram-token",
 *   session: { instructions: "നിങ്ങൾ ഒരു കടയിലെ സഹായിയാണ്.", voice: "mal-female" },
 *   allow: { voice: ["mal-female", "mal-male"] },
 * };
 * ```
 */
export interface SwaramViteOptions extends Omit<TokenHandlerOptions, "apiKey" | "baseUrl"> {
  /** Where the token route answers (default `/api/swaram-token`). */
  path?: string;
  /**
   * The secret key (`swaram_…`) to mint with. Default: `SWARAM_API_KEY` from the
   * environment or a `.env` file. Without either, a local dev server is started instead.
   */
  apiKey?: string;
  /** Where to mint with a key. Default: `SWARAM_BASE_URL`, else `https://api.swaram.live`. */
  baseUrl?: string;
}

const DEFAULT_PATH = "/api/swaram-token";
const BASE_URL_DEFINE = "import.meta.env.VITE_SWARAM_BASE_URL";

/** Where tokens come from for one Vite server, and how to let go of it. */
interface Upstream {
  apiKey: string;
  baseUrl: string;
  /** The WebSocket base the browser connects to. */
  socketBaseUrl: string;
  /** For the ready line: never the key. */
  description: string;
  close(): Promise<void>;
}

/** The plugin's state for one Vite dev server (a restart makes a new one). */
interface Running {
  upstream: Upstream;
  listener: NodeRequestListener;
  close(): Promise<void>;
}

/** `https://api.swaram.live/` → `wss://api.swaram.live`, as the browser client wants it. */
function socketBase(baseUrl: string): string {
  clientSecretsUrl(baseUrl); // the same checks as the route: a URL, no credentials, no query
  const url = new URL(baseUrl);
  const scheme = url.protocol.replace(/^http/, "ws");
  return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

async function startEmbeddedDevServer(): Promise<Upstream> {
  let devServer: typeof import("@swaram/dev-server");
  try {
    devServer = await import("@swaram/dev-server");
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new SwaramServerError(
      "invalid-config",
      "No SWARAM_API_KEY is set, so the swaram Vite plugin runs the local dev server, which needs " +
        "the package @swaram/dev-server: install it (npm install -D @swaram/dev-server), or set " +
        "SWARAM_API_KEY to mint from swaram.",
      { cause: error },
    );
  }
  const dev = await devServer.startDevServer({ port: 0, quiet: true });
  return {
    apiKey: dev.key,
    baseUrl: dev.url,
    socketBaseUrl: dev.wsUrl,
    description: `local dev server ${dev.wsUrl} (no SWARAM_API_KEY set)`,
    close: () => dev.close(),
  };
}

/** The key from the options, else `SWARAM_API_KEY` from the process or a `.env` file. */
async function openUpstream(
  options: SwaramViteOptions,
  config: UserConfig,
  mode: string,
): Promise<Upstream> {
  const root = resolve(config.root ?? process.cwd());
  const envDir = config.envDir === false ? false : resolve(root, config.envDir ?? "");
  const { loadEnv } = await import("vite");
  const env = loadEnv(mode, envDir, "SWARAM_");
  const apiKey = options.apiKey?.trim() || env.SWARAM_API_KEY?.trim();
  if (!apiKey) return startEmbeddedDevServer();
  const baseUrl = options.baseUrl ?? (env.SWARAM_BASE_URL?.trim() || DEFAULT_BASE_URL);
  const socketBaseUrl = socketBase(baseUrl);
  const keySource = options.apiKey?.trim() ? "the apiKey option" : "SWARAM_API_KEY";
  return {
    apiKey,
    baseUrl,
    socketBaseUrl,
    description: `minting from ${socketBaseUrl} with ${keySource}`,
    close: async () => {},
  };
}

/** Vite hands `import.meta.env` and `define` to the browser: the key must be in neither. */
function assertKeyStaysOnServer(config: ResolvedConfig, apiKey: string): void {
  for (const [name, value] of Object.entries(config.env)) {
    if (typeof value === "string" && value.includes(apiKey)) {
      throw new SwaramServerError(
        "invalid-config",
        `The swaram secret key would reach the browser as import.meta.env.${name}: ` +
          "keep it in SWARAM_API_KEY, outside Vite's envPrefix.",
      );
    }
  }
  for (const [name, value] of Object.entries(config.define ?? {})) {
    if (JSON.stringify(value)?.includes(apiKey)) {
      throw new SwaramServerError(
        "invalid-config",
        `The swaram secret key would reach the browser through define["${name}"].`,
      );
    }
  }
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

function mount(server: ViteDevServer, path: string, running: Running): void {
  server.middlewares.use((req, res, next) => {
    if (req.url?.split("?")[0] !== path) return next();
    running.listener(req, res);
  });
  const ready = () =>
    server.config.logger.info(`  swaram: token route ${path}, ${running.upstream.description}`);
  // In middleware mode there is no server of Vite's own to wait for.
  if (server.httpServer === null) ready();
  else server.httpServer.once("listening", ready);
}

/**
 * A Vite plugin for development: the app's token route and, without a secret key, a local
 * swaram-compatible server, inside `vite` itself. It mounts the token route (default
 * `/api/swaram-token`); with `SWARAM_API_KEY` (environment, `.env` or the `apiKey` option) it
 * mints from swaram, else it starts `@swaram/dev-server` in-process. The browser reads
 * where to connect from `import.meta.env.VITE_SWARAM_BASE_URL`. Development only (`apply:
 * "serve"`): a production build has neither the route nor the dev server, and the secret key
 * never reaches the browser. Vitest (mode `"test"`) and `vite preview` run without it.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import react from "@vitejs/plugin-react";
 * import { swaram } from "@swaram/server/vite";
 * import { defineConfig } from "vite";
 *
 * export default defineConfig({
 *   plugins: [react(), swaram({ session: { voice: "mal-female" } })],
 * });
 *
 * // the app
 * <VoiceButton token="/api/swaram-token" options={{ baseUrl: import.meta.env.VITE_SWARAM_BASE_URL }} />
 * ```
 */
export function swaram(options: SwaramViteOptions = {}): Plugin {
  const { path = DEFAULT_PATH, apiKey: _apiKey, baseUrl: _baseUrl, ...handlerOptions } = options;
  if (!path.startsWith("/")) {
    throw new SwaramServerError("invalid-config", "path must start with a slash.");
  }
  // config() starts what a server needs and configResolved() ties it to that server's
  // config; closing the server (or the old one after a restart) closes exactly its own.
  let pending: Running | undefined;
  const byConfig = new WeakMap<ResolvedConfig, Running>();

  return {
    name: "swaram",
    apply: "serve",
    async config(config, { mode, isPreview }) {
      // Vitest serves the app's config in mode "test": tests start their own dev server.
      if (isPreview === true || mode === "test") return;
      const upstream = await openUpstream(options, config, mode);
      let listener: NodeRequestListener;
      try {
        listener = toNodeHandler(
          createTokenHandler({
            ...handlerOptions,
            apiKey: upstream.apiKey,
            baseUrl: upstream.baseUrl,
          }),
        );
      } catch (error) {
        await upstream.close();
        throw error;
      }
      pending = { upstream, listener, close: once(() => upstream.close()) };
      return { define: { [BASE_URL_DEFINE]: JSON.stringify(upstream.socketBaseUrl) } };
    },
    async configResolved(config) {
      const running = pending;
      pending = undefined;
      if (running === undefined) return;
      try {
        assertKeyStaysOnServer(config, running.upstream.apiKey);
      } catch (error) {
        await running.close();
        throw error;
      }
      byConfig.set(config, running);
    },
    configureServer(server) {
      const running = byConfig.get(server.config);
      if (running !== undefined) mount(server, path, running);
    },
    async closeBundle() {
      const config = this.environment?.getTopLevelConfig();
      const running = config === undefined ? undefined : byConfig.get(config);
      await running?.close();
    },
  };
}
