import type {
  SwaramSessionOptions,
  TokenFunction,
  TokenRequestOptions,
  ToolHandler,
  ToolRegistration,
} from "@swaram/client";

type Latest = () => SwaramSessionOptions;

function handlerOf(entry: ToolHandler | ToolRegistration | undefined): ToolHandler | undefined {
  if (entry === undefined) return undefined;
  return typeof entry === "function" ? entry : (entry.handler as ToolHandler);
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
    const liveToken: TokenFunction = (context) => {
      const now = latest().token;
      return (typeof now === "function" ? now : token)(context);
    };
    live.token = liveToken;
  }
  if (tools) {
    live.tools = {};
    for (const [name, entry] of Object.entries(tools)) {
      const first = handlerOf(entry) as ToolHandler;
      const handler: ToolHandler = (args, context) =>
        (handlerOf(latest().tools?.[name]) ?? first)(args, context);
      live.tools[name] = typeof entry === "function" ? handler : { ...entry, handler };
    }
  }
  const headers = tokenRequest?.headers;
  if (tokenRequest && typeof headers === "function") {
    const liveHeaders: TokenRequestOptions["headers"] = () => {
      const now = latest().tokenRequest?.headers;
      return (typeof now === "function" ? now : headers)();
    };
    live.tokenRequest = { ...tokenRequest, headers: liveHeaders };
  }
  return live;
}

const LIVE = "ƒ";
/** Options compared by identity: injected implementations, not settings. */
const BY_IDENTITY = new Set(["audio", "WebSocket", "fetch", "clock", "isBrowser"]);
/** Options that only apply at creation and are carried over instead (see `setMuted`). */
const IGNORED = new Set(["muted"]);

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

function identity(value: object): string {
  let id = identities.get(value);
  if (id === undefined) {
    nextIdentity += 1;
    id = nextIdentity;
    identities.set(value, id);
  }
  return `#${id}`;
}

function serialize(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return identity(value);
  if (typeof value !== "object") return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(serialize).join(",")}]`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return identity(value);
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${serialize(record[key])}`);
  return `{${fields.join(",")}}`;
}

/**
 * A string that changes when an option that shapes the session changes: settings
 * by value (so inline objects are fine), injected implementations by identity,
 * and callbacks not at all (they are read live, see {@link liveOptions}).
 */
export function optionsKey(options: SwaramSessionOptions): string {
  const parts: string[] = [];
  for (const key of Object.keys(options).sort()) {
    const value = (options as unknown as Record<string, unknown>)[key];
    if (value === undefined || IGNORED.has(key)) continue;
    let text: string;
    if (BY_IDENTITY.has(key))
      text = typeof value === "object" && value !== null ? identity(value) : serialize(value);
    else if (key === "token") text = typeof value === "function" ? LIVE : serialize(value);
    else if (key === "tools") {
      const tools = value as Record<string, ToolHandler | ToolRegistration>;
      text = serialize(
        Object.fromEntries(
          Object.entries(tools).map(([name, entry]) => [
            name,
            typeof entry === "function" ? LIVE : { ...entry, handler: LIVE },
          ]),
        ),
      );
    } else if (key === "tokenRequest") {
      const request = value as TokenRequestOptions;
      text = serialize({
        ...request,
        headers: typeof request.headers === "function" ? LIVE : request.headers,
      });
    } else text = serialize(value);
    parts.push(`${key}=${text}`);
  }
  return parts.join(";");
}
