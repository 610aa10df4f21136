import type { SwaramSessionOptions, ToolHandler, ToolRegistration } from "@swaram/client";

type Latest = () => SwaramSessionOptions;

function handlerOf(entry: ToolHandler | ToolRegistration | undefined): ToolHandler | undefined {
  return typeof entry === "function" ? entry : (entry?.handler as ToolHandler | undefined);
}

/** `now` when it is a function (the latest render's callback), else `first`. */
function latestFunction<F>(now: unknown, first: F): F {
  return typeof now === "function" ? (now as F) : first;
}

/**
 * The options a session is created with, where every callback (the token function,
 * tool handlers, a headers function) calls the latest one the component rendered
 * with. Inline callbacks therefore never force a new session.
 */
export function liveOptions(latest: Latest): SwaramSessionOptions {
  const initial = latest();
  const live: SwaramSessionOptions = { ...initial };
  const { token, tools, tokenRequest } = initial;
  if (typeof token === "function") {
    live.token = (context) => latestFunction(latest().token, token)(context);
  }
  if (tools) {
    live.tools = {};
    for (const [name, entry] of Object.entries(tools)) {
      const first = handlerOf(entry) as ToolHandler;
      const handler: ToolHandler = (args, context) =>
        latestFunction(handlerOf(latest().tools?.[name]), first)(args, context);
      live.tools[name] = typeof entry === "function" ? handler : { ...entry, handler };
    }
  }
  const headers = tokenRequest?.headers;
  if (typeof headers === "function") {
    live.tokenRequest = {
      ...tokenRequest,
      headers: () => latestFunction(latest().tokenRequest?.headers, headers)(),
    };
  }
  return live;
}

/** Stands for a callback in {@link optionsKey}: callbacks are read live, never compared. */
const LIVE = "ƒ";
/** Options compared by identity: injected implementations, not settings. */
const BY_IDENTITY = ["audio", "WebSocket", "fetch", "clock", "isBrowser"] as const;

const identities = new WeakMap<object, string>();
let created = 0;

function identity(value: object): string {
  let id = identities.get(value);
  if (id === undefined) {
    id = `#${++created}`;
    identities.set(value, id);
  }
  return id;
}

/**
 * A string that changes when an option that shapes the session changes: settings
 * by value (so inline objects are fine), injected implementations by identity,
 * and callbacks not at all (they are read live, see {@link liveOptions}).
 */
export function optionsKey(options: SwaramSessionOptions): string {
  const { token, tools = {}, tokenRequest = {} } = options;
  const shaped: Record<string, unknown> = {
    ...options,
    // Applies at creation only (and is carried over, see `setMuted`).
    muted: undefined,
    token: typeof token === "function" ? LIVE : token,
    tools: Object.fromEntries(
      Object.entries(tools).map(([name, entry]) => [
        name,
        typeof entry === "function" ? LIVE : { ...entry, handler: LIVE },
      ]),
    ),
    tokenRequest: {
      ...tokenRequest,
      headers: typeof tokenRequest.headers === "function" ? LIVE : tokenRequest.headers,
    },
  };
  for (const key of BY_IDENTITY) {
    const value = shaped[key];
    if (value !== null && typeof value === "object") shaped[key] = identity(value);
  }
  return JSON.stringify(shaped, (_key, value: unknown) => {
    if (typeof value === "function") return identity(value);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return identity(value);
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
  });
}
