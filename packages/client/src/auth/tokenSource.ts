import { messageOf, SwaramError, type SwaramErrorOptions } from "../errors.js";
import type { TokenFunction, TokenRequestOptions } from "../session/types.js";
import { readTokenResponse } from "./readTokenResponse.js";
import { redactCredentials } from "./redact.js";
import { isSecretKey } from "./secretKeyGuard.js";

/** A fetched credential and how to present it. */
export interface Credential {
  value: string;
  /** A secret key (allowed outside browsers only): sent as a Bearer header. */
  secret: boolean;
}

/** Fetches a fresh credential; called on every connect. Rejects with a typed error. */
export type TokenSource = (signal: AbortSignal) => Promise<Credential>;

export interface TokenSourceOptions {
  token: string | TokenFunction;
  tokenRequest?: TokenRequestOptions | undefined;
  fetch?: typeof fetch | undefined;
  isBrowser: () => boolean;
  allowSecretKey?: boolean | undefined;
}

const tokenError = (message: string, options?: SwaramErrorOptions) =>
  new SwaramError("token-endpoint", message, options);
/** What a failure said, with any credential in it removed. */
const detail = (error: unknown) => redactCredentials(messageOf(error));

/**
 * Turn the `token` option into a function returning a fresh credential each
 * time: a URL is POSTed with JSON, a function is called, a literal credential is
 * returned as is. Every credential passes the secret-key guard before use: a
 * secret key in a browser is an `auth` error, and its message never repeats it.
 *
 * @example
 * ```ts
 * const source = createTokenSource({ token: "/api/swaram-token", isBrowser: () => true });
 * const { value } = await source(new AbortController().signal);
 * ```
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { token } = options;
  const guarded = (raw: unknown): Credential => {
    const value = typeof raw === "string" ? raw.trim() : "";
    const secret = isSecretKey(value);
    // Never in a browser; elsewhere only where the runtime is known to be a server
    // (no `window`, or Node), unless the app says so.
    const server =
      options.allowSecretKey || typeof window === "undefined" || globalThis.process?.versions?.node;
    if (secret && (options.isBrowser() || !server)) {
      throw new SwaramError(
        "auth",
        "A secret swaram key (swaram_…) reached the browser (see allowSecretKey). Keep it on your server: mint short-lived swaram_ek_ tokens there (@swaram/server's createTokenHandler) and pass that route as `token`.",
      );
    }
    // It travels as a WebSocket subprotocol (or a header): RFC 6455 token characters only.
    if (!/^[\w!#$%&'*+.^`|~-]+$/.test(value)) {
      throw tokenError(
        "The token must be the swaram_ek_ string alone, in characters a WebSocket subprotocol can carry.",
      );
    }
    return { value, secret };
  };
  if (typeof token === "string" && /^\s*swaram_/.test(token)) {
    guarded(token);
    return async () => guarded(token);
  }
  return async (signal) =>
    guarded(
      typeof token === "string"
        ? await fetchToken(token, options, signal)
        : await callTokenFunction(token, signal),
    );
}

/** What the function resolved to (checked by the guard), or a typed error. */
async function callTokenFunction(fn: TokenFunction, signal: AbortSignal): Promise<unknown> {
  try {
    return await fn({ signal });
  } catch (cause) {
    if (cause instanceof SwaramError) throw cause;
    throw tokenError(`The token function failed: ${detail(cause)}`, { retryable: true, cause });
  }
}

async function fetchToken(
  url: string,
  options: TokenSourceOptions,
  signal: AbortSignal,
): Promise<string> {
  const { credentials = "same-origin", headers, body = {} } = options.tokenRequest ?? {};
  const safeUrl = redactCredentials(url);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      credentials,
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(typeof headers === "function" ? await headers() : headers),
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    throw tokenError(`Could not reach the token endpoint ${safeUrl}: ${detail(cause)}`, {
      retryable: true,
      cause,
    });
  }
  const json = (await response.json().catch(() => null)) as {
    error?: { message?: unknown };
    message?: unknown;
  } | null;
  const { status } = response;
  if (!response.ok) {
    const said = [json?.error?.message, json?.error, json?.message].find(
      (value) => typeof value === "string",
    );
    throw tokenError(
      `The token endpoint ${safeUrl} answered HTTP ${status}${said ? `: ${detail(said)}` : "."}`,
      {
        status,
        retryable: status >= 500 || status === 429,
      },
    );
  }
  const value = readTokenResponse(json);
  if (value === null) {
    throw tokenError(
      `The token endpoint ${safeUrl} answered without a token; expected JSON { "value": "swaram_ek_…" }.`,
      {
        status,
      },
    );
  }
  return value;
}
