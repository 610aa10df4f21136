import { checkRange, MAX_DELAY_MS } from "../errors.js";
import type { ReconnectOptions } from "./types.js";

/** The reconnect settings with every default filled in. */
export type ResolvedReconnectOptions = Required<ReconnectOptions>;

/**
 * Defaults: 0.5 s doubling to 8 s, 6 attempts, ±20 % jitter, reset after 10 s connected.
 *
 * @example
 * ```ts
 * // Twice the default patience, for flaky mobile networks.
 * createSwaramSession({
 *   token: "/api/swaram-token",
 *   reconnect: { maxAttempts: DEFAULT_RECONNECT.maxAttempts * 2 },
 * });
 * ```
 */
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
  /**
   * The connection dropped at `now`: if it had been up for the stable period,
   * start over (and return `true`).
   */
  dropped(now: number): boolean;
  /** Start over (a fresh `start()`). */
  reset(): void;
}

/**
 * Create the backoff policy of one session. `random` returns 0..1 (default `Math.random`).
 *
 * @example
 * ```ts
 * const policy = createReconnectPolicy({ initialDelayMs: 1_000, maxDelayMs: 2_000, jitter: 0 });
 * policy.next(); // { attempt: 1, delayMs: 1000 }
 * policy.next(); // { attempt: 2, delayMs: 2000 }
 * policy.next(); // { attempt: 3, delayMs: 2000 }: capped at maxDelayMs
 * ```
 */
export function createReconnectPolicy(
  options: ReconnectOptions = {},
  random: () => number = Math.random,
): ReconnectPolicy {
  const resolved: ResolvedReconnectOptions = { ...DEFAULT_RECONNECT, ...options };
  let name: keyof ResolvedReconnectOptions;
  for (name in DEFAULT_RECONNECT) {
    // An option given as `undefined` is the default; Infinity means no limit.
    resolved[name] ??= DEFAULT_RECONNECT[name];
    checkRange(`reconnect.${name}`, resolved[name], 0, name === "jitter" ? 1 : Infinity);
  }
  const { initialDelayMs, maxDelayMs, maxAttempts, jitter, stablePeriodMs } = resolved;
  let attempts = 0;
  /** When the current connection became connected; `Infinity` while there is none. */
  let connectedAt = Infinity;

  return {
    options: resolved,
    next() {
      if (attempts >= maxAttempts) return null;
      const base = Math.min(maxDelayMs, initialDelayMs * 2 ** attempts++);
      // A timer cannot wait longer than MAX_DELAY_MS (a longer one fires at once).
      const delayMs = Math.round(
        Math.max(0, Math.min(maxDelayMs, MAX_DELAY_MS, base * (1 + jitter * (random() * 2 - 1)))),
      );
      return { attempt: attempts, delayMs };
    },
    connected(now) {
      connectedAt = now;
    },
    dropped(now) {
      const stable = now - connectedAt >= stablePeriodMs;
      if (stable) attempts = 0;
      connectedAt = Infinity;
      return stable;
    },
    reset() {
      attempts = 0;
      connectedAt = Infinity;
    },
  };
}
