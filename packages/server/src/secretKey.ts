import { SwaramServerError } from "./errors.js";

const EPHEMERAL_PREFIX = "swaram_ek_";
const SECRET_PREFIX = "swaram_";

/**
 * Checks that `apiKey` looks like a swaram secret key (`swaram_…`, not an ephemeral
 * `swaram_ek_…` token) and throws an `invalid-config` error otherwise. The message
 * never repeats the value it was given.
 *
 * @example
 * ```ts
 * assertSecretKey(process.env.SWARAM_API_KEY); // throws when unset or an ephemeral token
 * ```
 */
export function assertSecretKey(apiKey: unknown): asserts apiKey is string {
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new SwaramServerError(
      "invalid-config",
      "apiKey is missing: pass the swaram secret key (swaram_…) from your server's environment.",
    );
  }
  if (apiKey.startsWith(EPHEMERAL_PREFIX)) {
    throw new SwaramServerError(
      "invalid-config",
      "apiKey is an ephemeral token (swaram_ek_…), not a secret key: pass the secret key (swaram_…) instead.",
    );
  }
  if (!apiKey.startsWith(SECRET_PREFIX)) {
    throw new SwaramServerError(
      "invalid-config",
      "apiKey does not look like a swaram secret key: it must start with swaram_.",
    );
  }
  // Else fetch would fail on the Authorization header with the key in its message. Only
  // HTTP whitespace at the ends is allowed (fetch strips it; JS trim() strips more).
  if (/[^\x21-\x7e]/.test(apiKey.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ""))) {
    throw new SwaramServerError(
      "invalid-config",
      "apiKey contains spaces or control characters (a line break pasted with it?): check the environment variable.",
    );
  }
}

const TOKEN_PATTERN = /swaram_[A-Za-z0-9_-]+/g;

/**
 * Replaces the secret key, and anything shaped like a swaram key or token, with
 * `[redacted]`. Used on every line the handler logs.
 */
export function redactSecrets(text: string, apiKey: string): string {
  const withoutKey = apiKey === "" ? text : text.split(apiKey).join("[redacted]");
  return withoutKey.replace(TOKEN_PATTERN, "[redacted]");
}
