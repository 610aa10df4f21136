import { redactSecrets } from "./secretKey.js";

/**
 * Structured fields attached to a log line.
 *
 * @example
 * ```ts
 * const fields: LogFields = { status: 429, code: "rate_limited" };
 * ```
 */
export type LogFields = Record<string, unknown>;

/**
 * Where the token handler reports what it did. `console` fits; so do pino and
 * winston loggers. The handler never passes it the secret key or a minted token.
 *
 * @example
 * ```ts
 * createTokenHandler({ apiKey, session, logger: console });
 * ```
 */
export interface TokenLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const MAX_DEPTH = 4;

function redactValue(value: unknown, apiKey: string, depth: number): unknown {
  if (typeof value === "string") return redactSecrets(value, apiKey);
  if (value instanceof Error) {
    return { name: value.name, message: redactSecrets(value.message, apiKey) };
  }
  if (typeof value !== "object" || value === null) return value;
  // Not walked any deeper, so not kept either: it could carry the key.
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (Array.isArray(value)) return value.map((item) => redactValue(item, apiKey, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, redactValue(item, apiKey, depth + 1)]),
  );
}

/**
 * Wraps a logger so every message and string field has the secret key and anything
 * shaped like a swaram key or token replaced by `[redacted]`; a missing logger logs
 * nothing. A throwing logger never breaks a request.
 */
export function createSafeLogger(logger: TokenLogger | undefined, apiKey: string): TokenLogger {
  const emit = (level: keyof TokenLogger, message: string, fields?: LogFields) => {
    if (logger === undefined) return;
    try {
      const safeMessage = redactSecrets(message, apiKey);
      if (fields === undefined) logger[level](safeMessage);
      else logger[level](safeMessage, redactValue(fields, apiKey, 0) as LogFields);
    } catch {
      // A broken logger must not turn into a failed token request.
    }
  };
  return {
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
}
