import type { AudioIO } from "../audio/types.js";
import type { SessionConfig } from "../protocol/events.js";
import type { ToolHandler, ToolRegistration } from "../tools/types.js";
import type { TurnMode } from "./types.js";

/**
 * How the token URL is requested.
 *
 * @example
 * ```ts
 * createSwaramSession({
 *   token: "/api/swaram-token",
 *   tokenRequest: {
 *     headers: async () => ({ authorization: `Bearer ${await getIdToken()}` }),
 *     body: { voice: "mal-male" }, // the token route decides what it accepts
 *   },
 * });
 * ```
 */
export interface TokenRequestOptions {
  /** `fetch` credentials mode. Default `"same-origin"`. */
  credentials?: RequestCredentials;
  /** Extra headers (e.g. the app's own auth), or a function returning them per request. */
  headers?:
    | Record<string, string>
    | (() => Record<string, string> | Promise<Record<string, string>>);
  /** JSON body. Default `{}`. Settings belong to the server; this is for the app's own use. */
  body?: unknown;
}

/**
 * A fetcher of fresh tokens; called on every connect and reconnect.
 *
 * @example
 * ```ts
 * const token: TokenFunction = async ({ signal }) => {
 *   const response = await fetch("/api/swaram-token", { method: "POST", signal });
 *   const { value } = await response.json();
 *   return value;
 * };
 * createSwaramSession({ token });
 * ```
 */
export type TokenFunction = (context: { signal: AbortSignal }) => Promise<string>;

/**
 * Reconnect backoff settings (see `createReconnectPolicy`).
 *
 * @example
 * ```ts
 * createSwaramSession({
 *   token: "/api/swaram-token",
 *   reconnect: { initialDelayMs: 1_000, maxAttempts: 3 }, // or `false`: never reconnect
 * });
 * ```
 */
export interface ReconnectOptions {
  /** First delay. Default 500 ms. */
  initialDelayMs?: number;
  /** Largest delay. Default 8 000 ms. */
  maxDelayMs?: number;
  /** Attempts after a drop before giving up. Default 6. */
  maxAttempts?: number;
  /** Random share of each delay, 0..1. Default 0.2. */
  jitter?: number;
  /** Connected this long and the backoff starts over. Default 10 000 ms. */
  stablePeriodMs?: number;
}

/**
 * Minimal WebSocket surface the session needs; the browser's and `ws` both fit.
 *
 * @example
 * ```ts
 * // Log the type of every event the session sends.
 * class LoggingWebSocket extends WebSocket implements WebSocketLike {
 *   override send(data: string): void {
 *     console.debug("→", JSON.parse(data).type);
 *     super.send(data);
 *   }
 * }
 * createSwaramSession({ token: "/api/swaram-token", WebSocket: LoggingWebSocket });
 * ```
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: both the DOM and ws event types must fit
  addEventListener(type: string, listener: (event: any) => void): void;
  // biome-ignore lint/suspicious/noExplicitAny: both the DOM and ws event types must fit
  removeEventListener(type: string, listener: (event: any) => void): void;
}

/**
 * A WebSocket constructor: the browser's global, or `ws` in Node.
 *
 * @example
 * ```ts
 * import WebSocket from "ws";
 *
 * // Node: a secret key is allowed outside browsers; there is no audio here.
 * createSwaramSession({ token: process.env.SWARAM_API_KEY!, WebSocket, audio: null });
 * ```
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => WebSocketLike;

/**
 * Time source and timers of a session; tests inject a controllable one.
 *
 * @example
 * ```ts
 * // A test moves `now` by hand, then runs the timers that are due.
 * let now = 0;
 * const timers = new Map<unknown, { at: number; callback: () => void }>();
 * const clock: SessionClock = {
 *   now: () => now,
 *   setTimeout(callback, ms) {
 *     const handle = Symbol("timer");
 *     timers.set(handle, { at: now + ms, callback });
 *     return handle;
 *   },
 *   clearTimeout: (handle) => void timers.delete(handle),
 * };
 * ```
 */
export interface SessionClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Options of {@link createSwaramSession}.
 *
 * @example
 * ```ts
 * const options: SwaramSessionOptions = {
 *   token: "/api/swaram-token",
 *   session: { instructions: "ഹ്രസ്വമായി മറുപടി പറയുക.", voice: "mal-female" },
 *   tools: { get_order_status: async ({ orderId }) => ({ status: "shipped", orderId }) },
 * };
 * ```
 */
export interface SwaramSessionOptions {
  /**
   * Where tokens come from, on every connect: a URL POSTed with JSON (answering
   * `{ value }`), or an async function. A `swaram_ek_…` token string is used as is;
   * a secret `swaram_…` key is accepted only outside browsers (see `allowSecretKey`).
   * Values are trimmed; one holding other characters than a WebSocket subprotocol
   * can carry fails with a `token-endpoint` error that does not repeat it.
   */
  token: string | TokenFunction;
  tokenRequest?: TokenRequestOptions;
  /** Default `wss://api.swaram.live`; `http(s)://` is converted to `ws(s)://`. */
  baseUrl?: string;
  /** Default `mal-realtime-simple`. */
  model?: string;
  /** Settings sent in the first `session.update`. */
  session?: SessionConfig;
  /** Tool handlers by name (more can be added with `registerTool`). */
  tools?: Record<string, ToolHandler | ToolRegistration>;
  /** Default timeout of tool handlers. Default 10 000 ms. */
  toolTimeoutMs?: number;
  /** Default `server-vad`. In `push-to-talk`, audio flows only between `press()` and `release()`. */
  turns?: TurnMode;
  /** The audio interface. Default: the AudioWorklet engine in browsers, none elsewhere; `null` = no audio. */
  audio?: AudioIO | null;
  /** WebSocket constructor. Default `globalThis.WebSocket`; pass `ws` in Node. */
  WebSocket?: WebSocketConstructor;
  /** `fetch` for the token URL. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Backoff settings, or `false` to never reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Mic frames are dropped while the socket buffers more than this. Default 256 KiB. */
  maxBufferedBytes?: number;
  /** Start muted. */
  muted?: boolean;
  /** Whether this runs in a browser (secret keys forbidden). Default: `window` and `document` exist. */
  isBrowser?: () => boolean;
  /**
   * A secret key is used only where the runtime is known to be a server: no
   * `window`, or Node. Set this in a server-side bridge on another runtime that
   * defines `window` (without `document`). It never allows one in a browser.
   *
   * @example
   * ```ts
   * // A telephony bridge on a runtime with a global `window` but no DOM.
   * createSwaramSession({
   *   token: Deno.env.get("SWARAM_API_KEY")!,
   *   allowSecretKey: true,
   *   audio: telephonyAudio,
   * });
   * ```
   */
  allowSecretKey?: boolean;
  /**
   * Give up on a connect (token fetch, socket open and `session.updated`) that has
   * not finished after this long: a stalled token source is aborted. Default 15 000 ms.
   */
  connectTimeoutMs?: number;
  /** Time source and timers (default: `Date.now` and the global timers). */
  clock?: SessionClock;
}
