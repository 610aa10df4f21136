/**
 * The count of hits in the current window for one key.
 *
 * @example
 * ```ts
 * const hit: RateLimitHit = { count: 3, resetAt: Date.now() + 42_000 };
 * ```
 */
export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the current window ends, in epoch milliseconds. */
  resetAt: number;
}

/**
 * Where rate-limit counts live. Implement it over a shared store (Redis, a database,
 * a KV namespace) so several instances of the token route share one limit.
 *
 * @example
 * ```ts
 * const redisStore: RateLimitStore = {
 *   async hit(key, windowMs) {
 *     const count = await redis.incr(`swaram-token:${key}`);
 *     if (count === 1) await redis.pexpire(`swaram-token:${key}`, windowMs);
 *     const ttl = await redis.pttl(`swaram-token:${key}`);
 *     return { count, resetAt: Date.now() + Math.max(ttl, 0) };
 *   },
 * };
 * ```
 */
export interface RateLimitStore {
  /** Counts one hit for `key` in a fixed window of `windowMs` and returns the tally. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
}

/**
 * Options of {@link createMemoryRateLimitStore}.
 *
 * @example
 * ```ts
 * const store = createMemoryRateLimitStore({ sweepAbove: 50_000 });
 * ```
 */
export interface MemoryRateLimitStoreOptions {
  /** The clock, in epoch milliseconds; defaults to `Date.now`. */
  now?: () => number;
  /** Expired windows are swept once the store holds more keys than this (default 10 000). */
  sweepAbove?: number;
}

/**
 * A fixed-window rate-limit store in this process's memory: the default. It holds no
 * timers; expired windows are swept as new hits arrive.
 *
 * @example
 * ```ts
 * const handler = createTokenHandler({
 *   apiKey,
 *   session,
 *   rateLimit: { limit: 10, windowMs: 60_000, store: createMemoryRateLimitStore() },
 * });
 * ```
 */
export function createMemoryRateLimitStore(
  options: MemoryRateLimitStoreOptions = {},
): RateLimitStore {
  const now = options.now ?? Date.now;
  const sweepAbove = options.sweepAbove ?? 10_000;
  const windows = new Map<string, RateLimitHit>();

  const sweep = (at: number) => {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
  };

  return {
    async hit(key, windowMs) {
      const at = now();
      if (windows.size > sweepAbove) sweep(at);
      const current = windows.get(key);
      if (current === undefined || current.resetAt <= at) {
        const fresh = { count: 1, resetAt: at + windowMs };
        windows.set(key, fresh);
        return { ...fresh };
      }
      current.count += 1;
      return { ...current };
    },
  };
}
