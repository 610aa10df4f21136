import { readFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { resolve } from "node:path";
import type { Logger, Plugin, ResolvedConfig, UserConfig, ViteDevServer } from "vite";
import { createTokenHandler } from "./createTokenHandler.js";
import { SwaramServerError } from "./errors.js";
import type { TokenLogger } from "./logger.js";
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
   * Read it from the environment (`process.env.…`): Vite serves files under its root, the
   * config file too, so a key written there is refused.
   */
  apiKey?: string;
  /** Where to mint with a key. Default: `SWARAM_BASE_URL`, else `https://api.swaram.live`. */
  baseUrl?: string | undefined;
}

const DEFAULT_PATH = "/api/swaram-token";
const BASE_URL_DEFINE = "import.meta.env.VITE_SWARAM_BASE_URL";
/** Where the browser opens the realtime socket, below the base URL. */
const REALTIME_PATH = "/v1/realtime";
/** A secret key's shape (an ephemeral `swaram_ek_` token is not one). */
const SECRET_KEY = /swaram_(?!ek_)[\w-]{20,}/;

/** Where tokens come from for one Vite server, and how to let go of it. */
interface Upstream {
  apiKey: string;
  /** Where the token route mints. */
  baseUrl: string;
  /** What the page gets as `VITE_SWARAM_BASE_URL`. */
  browserBaseUrl: string;
  /** The realtime socket is proxied through Vite's own server to this origin. */
  proxyTarget?: string;
  /** For the ready line: never the key. */
  description: string;
  /** Resolves once the upstream can mint (the embedded dev server starts on first use). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The plugin's state for one Vite dev server (a restart makes a new one). */
interface Running {
  upstream: Upstream;
  listener: NodeRequestListener;
}

/** `https://api.swaram.live/` → `wss://api.swaram.live`, as the browser client wants it. */
function socketBase(baseUrl: string): string {
  clientSecretsUrl(baseUrl); // the same checks as the route: a URL, no credentials, no query
  const url = new URL(baseUrl);
  const scheme = url.protocol.replace(/^http/, "ws");
  return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/** A port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address !== null
          ? resolvePort(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/**
 * The local dev server, started on the first token request (so a Vite server that fails to
 * come up leaves nothing running). Vite proxies the page's realtime socket to it, so the page
 * connects to its own origin: `vite --host` and https dev servers work too. In middleware mode
 * (no server of Vite's own to proxy through) the page connects to it directly.
 */
async function embeddedUpstream(middlewareMode: boolean): Promise<Upstream> {
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
  const apiKey = devServer.generateSecretKey();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let started: ReturnType<typeof devServer.startDevServer> | undefined;
  let closed = false;
  return {
    apiKey,
    baseUrl: origin,
    browserBaseUrl: middlewareMode ? `ws://127.0.0.1:${port}` : "/",
    ...(middlewareMode ? {} : { proxyTarget: origin }),
    description: `local dev server on 127.0.0.1:${port}, started on the first token request (no SWARAM_API_KEY set)`,
    async ready() {
      if (closed) throw new Error("The swaram dev server of a closed Vite server was asked for.");
      started ??= devServer.startDevServer({ port, host: "127.0.0.1", key: apiKey, quiet: true });
      await started;
    },
    async close() {
      closed = true;
      const dev = await started?.catch(() => undefined);
      await dev?.close();
    },
  };
}

/** The key from the options, else `SWARAM_API_KEY` from the process or a `.env` file. */
async function openUpstream(
  options: SwaramViteOptions,
  config: UserConfig,
  mode: string,
): Promise<Upstream> {
  const apiKey = await configuredKey(options, config.root, config.envDir, mode);
  if (!apiKey) return embeddedUpstream(config.server?.middlewareMode === true);
  const env = await swaramEnv(config.root, config.envDir, mode);
  const baseUrl = options.baseUrl?.trim() || env.SWARAM_BASE_URL?.trim() || DEFAULT_BASE_URL;
  const browserBaseUrl = socketBase(baseUrl);
  const keySource = options.apiKey?.trim() ? "the apiKey option" : "SWARAM_API_KEY";
  return {
    apiKey,
    baseUrl,
    browserBaseUrl,
    description: `minting from ${new URL(baseUrl).origin} with ${keySource}`,
    ready: async () => {},
    close: async () => {},
  };
}

/** `SWARAM_…` variables from the process and the `.env` files Vite reads. */
async function swaramEnv(
  root: string | undefined,
  envDir: string | false | undefined,
  mode: string,
): Promise<Record<string, string>> {
  const base = resolve(root ?? process.cwd());
  const { loadEnv } = await import("vite");
  return loadEnv(mode, envDir === false ? false : resolve(base, envDir ?? ""), "SWARAM_");
}

async function configuredKey(
  options: SwaramViteOptions,
  root: string | undefined,
  envDir: string | false | undefined,
  mode: string,
): Promise<string | undefined> {
  const fromOptions = options.apiKey?.trim();
  if (fromOptions) return fromOptions;
  return (await swaramEnv(root, envDir, mode)).SWARAM_API_KEY?.trim() || undefined;
}

/**
 * Vite hands `import.meta.env` and `define` to the browser, and serves the config file: none
 * may carry a secret key (the one in use, or anything shaped like one). Checked for builds
 * too, where a leaked key would ship. Errors name the place, never the value.
 */
function assertNoSecretForBrowser(config: ResolvedConfig, apiKey: string | undefined): void {
  const leaks = (text: string) => SECRET_KEY.test(text) || (!!apiKey && text.includes(apiKey));
  const refuse = (where: string, fix: string) => {
    throw new SwaramServerError(
      "invalid-config",
      `A swaram secret key would reach the browser through ${where}: ${fix}`,
    );
  };
  for (const [name, value] of Object.entries(config.env)) {
    if (typeof value === "string" && leaks(value)) {
      refuse(
        `import.meta.env.${name}`,
        "keep it in SWARAM_API_KEY (no VITE_ prefix, outside Vite's envPrefix).",
      );
    }
  }
  for (const [name, value] of Object.entries(config.define ?? {})) {
    if (leaks(typeof value === "string" ? value : String(JSON.stringify(value)))) {
      refuse(`define["${name}"]`, "remove it from define.");
    }
  }
  if (config.configFile && leaks(readFileSync(config.configFile, "utf8"))) {
    refuse(
      `${config.configFile}, which Vite serves`,
      "read the key from process.env.SWARAM_API_KEY instead of writing it there.",
    );
  }
}

/** The token route's log lines (warnings and errors) in Vite's terminal output. */
function viteTokenLogger(logger: () => Logger | undefined): TokenLogger {
  const line = (message: string, fields?: object) =>
    `swaram token route: ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`;
  return {
    info: () => {},
    warn: (message, fields) => logger()?.warn(line(message, fields)),
    error: (message, fields) => logger()?.error(line(message, fields)),
  };
}

function mount(server: ViteDevServer, path: string, running: Running): void {
  server.middlewares.use((req, res, next) => {
    if (req.url?.split("?")[0] !== path) return next();
    running.upstream.ready().then(() => running.listener(req, res), next);
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
 * mints from swaram, else it runs `@swaram/dev-server` in-process and proxies the page's
 * realtime socket to it. The page reads where to connect from
 * `import.meta.env.VITE_SWARAM_BASE_URL`. The route and the dev server exist in `vite` dev only
 * (not in builds, `vite preview` or Vitest); in every command the plugin refuses to run when a
 * secret key would reach the browser (`import.meta.env`, `define`, the served config file).
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
  // config() prepares what a dev server needs (nothing runs yet) and configResolved() ties it
  // to that server's config; closing the server (or the old one after a restart) closes its own.
  let pending: Running | undefined;
  const byConfig = new WeakMap<ResolvedConfig, Running>();
  let viteLogger: Logger | undefined;

  return {
    name: "swaram",
    async config(config, { command, mode, isPreview }) {
      // Vitest serves the app's config in mode "test": tests start their own dev server.
      if (command !== "serve" || isPreview === true || mode === "test") return;
      const upstream = await openUpstream(options, config, mode);
      const listener = toNodeHandler(
        createTokenHandler({
          logger: viteTokenLogger(() => viteLogger),
          ...handlerOptions,
          apiKey: upstream.apiKey,
          baseUrl: upstream.baseUrl,
        }),
      );
      pending = { upstream, listener };
      return {
        define: { [BASE_URL_DEFINE]: JSON.stringify(upstream.browserBaseUrl) },
        ...(upstream.proxyTarget === undefined
          ? {}
          : {
              server: { proxy: { [REALTIME_PATH]: { target: upstream.proxyTarget, ws: true } } },
            }),
      };
    },
    async configResolved(config) {
      const running = pending;
      pending = undefined;
      if (config.plugins.filter((plugin) => plugin.name === "swaram").length > 1) {
        throw new SwaramServerError(
          "invalid-config",
          "swaram() is in the Vite plugins more than once: keep one.",
        );
      }
      const apiKey =
        running?.upstream.apiKey ??
        (await configuredKey(options, config.root, config.envDir, config.mode));
      assertNoSecretForBrowser(config, apiKey);
      if (running !== undefined) byConfig.set(config, running);
    },
    configureServer(server) {
      viteLogger = server.config.logger;
      const running = byConfig.get(server.config);
      if (running !== undefined) mount(server, path, running);
    },
    async closeBundle() {
      const config = this.environment?.getTopLevelConfig();
      const running = config === undefined ? undefined : byConfig.get(config);
      await running?.upstream.close();
    },
  };
}
