import type { SwaramSessionOptions } from "@swaram/client";

type Options = SwaramSessionOptions & Record<string, unknown>;

/** Options compared by identity and never copied: injected implementations, not settings. */
const INJECTED = { audio: 0, WebSocket: 0, fetch: 0, clock: 0, isBrowser: 0 };

/** A plain object (an object literal): a settings bag to walk into. */
function isPlain(value: unknown): value is Record<string, unknown> {
  const proto = value !== null && typeof value === "object" && Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every callback in it (at any depth of plain objects) replaced by
 * one that calls the callback found at the same place in the latest options, or
 * `value`'s own when there is no function there any more.
 */
function live(value: unknown, read: (options: Options) => unknown, latest: () => Options): unknown {
  if (typeof value === "function")
    return (...args: unknown[]) => {
      const now = read(latest());
      return (typeof now === "function" ? now : value)(...args);
    };
  if (!isPlain(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key in value)
    copy[key] = live(
      value[key],
      (options) => (read(options) as Options | undefined)?.[key],
      latest,
    );
  return copy;
}

/**
 * The options a session is created with, where every callback (the token function,
 * tool handlers, a headers function) calls the latest one the component rendered
 * with. Inline callbacks therefore never force a new session.
 */
export function liveOptions(latest: () => SwaramSessionOptions): SwaramSessionOptions {
  const initial = latest() as Options;
  const options: Options = { ...initial };
  for (const key in initial)
    if (!(key in INJECTED))
      options[key] = live(initial[key], (next) => next[key], latest as () => Options);
  return options;
}

/** Data by value (plain objects and arrays walked into), callbacks always equal, anything else by identity. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "function" && typeof b === "function") return true;
  if (Array.isArray(a) ? !Array.isArray(b) : !(isPlain(a) && isPlain(b))) return Object.is(a, b);
  const both = { ...(a as object), ...(b as object) };
  for (const key in both) if (!same((a as Options)[key], (b as Options)[key])) return false;
  return true;
}

/**
 * Whether a session built from `a` is the one `b` asks for: settings compare by
 * value (so inline objects are fine), injected implementations by identity, and
 * callbacks not at all (they are read live, see {@link liveOptions}). `muted`
 * applies at creation only (and is carried over).
 */
export function sameSettings(a: SwaramSessionOptions, b: SwaramSessionOptions): boolean {
  for (const key in INJECTED) if ((a as Options)[key] !== (b as Options)[key]) return false;
  return same({ ...a, ...INJECTED, muted: 0 }, { ...b, ...INJECTED, muted: 0 });
}
