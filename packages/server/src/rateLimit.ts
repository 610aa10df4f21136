import { defaultClientKey } from "./clientKey.js";
import { SwaramServerError } from "./errors.js";
import { createMemoryRateLimitStore, type RateLimitStore } from "./rateLimitStore.js";
import type { TokenRequestContext } from "./requestContext.js";

/**
 * How many tokens one client may mint per window.
 *
 * @example
 * ```ts
 * // behind one proxy that appends the client's address to X-Forwarded-For
 * const rateLimit: RateLimitOptions = { limit: 10, windowMs: 60_000, clientIpHeader: "x-forwarded-for" };
 * ```
 */
export interface RateLimitOptions {
  /** Mints allowed per client per window (default 20). */
  limit?: number;
  /** The window, in milliseconds (default 60 000). */
  windowMs?: number;
  /** Where counts live (default: in this process's memory). Share one across instances. */
  store?: RateLimitStore;
  /** Read the client's IP from this header (set only behind a proxy that writes it). */
  clientIpHeader?: string;
  /** Names the client; replaces the IP-based default (e.g. a user id from a session). */
  key?: (request: Request, context: TokenRequestContext) => string | Promise<string>;
}

/** The outcome of counting one request. */
export type RateLimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A configured limiter: counts a request and says whether it may go on. */
export type RateLimiter = (
  request: Request,
  context: TokenRequestContext,
) => Promise<RateLimitVerdict>;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new SwaramServerError("invalid-config", `rateLimit.${name} must be a positive integer.`);
  }
  return value;
}

/**
 * Builds the limiter, or `undefined` when rate limiting is turned off with `false`.
 * Requests whose client is unknown (no address, no header) share one bucket, and
 * `onUnknownClient` is called the first time that happens.
 */
export function createRateLimiter(
  options: RateLimitOptions | false | undefined,
  onUnknownClient: () => void = () => undefined,
): RateLimiter | undefined {
  if (options === false) return undefined;
  const limit = positiveInteger(options?.limit ?? 20, "limit");
  const windowMs = positiveInteger(options?.windowMs ?? 60_000, "windowMs");
  const store = options?.store ?? createMemoryRateLimitStore();
  const clientIpHeader = options?.clientIpHeader;
  let warned = false;
  const byAddress = (request: Request, context: TokenRequestContext) => {
    const key = defaultClientKey(request, context, clientIpHeader);
    if (key !== undefined) return key;
    if (!warned) onUnknownClient();
    warned = true;
    return "ip:unknown";
  };
  const keyOf = options?.key ?? byAddress;
  return async (request, context) => {
    const { count, resetAt } = await store.hit(await keyOf(request, context), windowMs);
    if (count <= limit) return { ok: true };
    const seconds = Math.ceil((resetAt - Date.now()) / 1000);
    return {
      ok: false,
      retryAfterSeconds: Math.min(Math.max(seconds, 1), Math.ceil(windowMs / 1000)),
    };
  };
}
