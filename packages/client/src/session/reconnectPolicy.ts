import type { ReconnectOptions } from "./types.js";

/** The reconnect settings with every default filled in. */
export type ResolvedReconnectOptions = Required<ReconnectOptions>;

/** Defaults: 0.5 s doubling to 8 s, 6 attempts, ±20 % jitter, reset after 10 s connected. */
export const DEFAULT_RECONNECT: ResolvedReconnectOptions = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxAttempts: 6,
  jitter: 0.2,
  stablePeriodMs: 10_000,
};

/**
 * Backoff bookkeeping of one session: pure apart from the injected `random`
 * and the times passed in, so it can be unit-tested without a clock.
 *
 * @example
 * ```ts
 * const policy = createReconnectPolicy({ maxAttempts: 3 }, () => 0.5);
 * policy.next(); // { attempt: 1, delayMs: 500 }
 * policy.next(); // { attempt: 2, delayMs: 1000 }
 * ```
 */
export interface ReconnectPolicy {
  readonly options: ResolvedReconnectOptions;
  /** The next attempt and its delay, or `null` when the attempts are used up. */
  next(): { attempt: number; delayMs: number } | null;
  /** The session became connected at `now` (ms). */
  connected(now: number): void;
  /** The connection dropped at `now`: if it had been up for the stable period, start over. */
  dropped(now: number): void;
  /** Start over (a fresh `start()`). */
  reset(): void;
}

/** The delay before attempt `attempt` (1-based) without jitter. */
export function baseDelay(options: ResolvedReconnectOptions, attempt: number): number {
  const exponential = options.initialDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(options.maxDelayMs, exponential);
}

/** Create the backoff policy of one session. `random` returns 0..1 (default `Math.random`). */
export function createReconnectPolicy(
  options: ReconnectOptions = {},
  random: () => number = Math.random,
): ReconnectPolicy {
  const resolved: ResolvedReconnectOptions = { ...DEFAULT_RECONNECT, ...options };
  let attempts = 0;
  let connectedAt: number | null = null;

  return {
    options: resolved,
    next() {
      if (attempts >= resolved.maxAttempts) return null;
      attempts += 1;
      const base = baseDelay(resolved, attempts);
      const spread = base * resolved.jitter * (random() * 2 - 1);
      const delayMs = Math.max(0, Math.round(Math.min(resolved.maxDelayMs, base + spread)));
      return { attempt: attempts, delayMs };
    },
    connected(now) {
      connectedAt = now;
    },
    dropped(now) {
      if (connectedAt !== null && now - connectedAt >= resolved.stablePeriodMs) attempts = 0;
      connectedAt = null;
    },
    reset() {
      attempts = 0;
      connectedAt = null;
    },
  };
}
