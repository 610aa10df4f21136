import { asSwaramError, SwaramError } from "../errors.js";
import type { TokenFunction, TokenRequestOptions } from "../session/types.js";
import { firstString, readTokenResponse } from "./readTokenResponse.js";
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
  allowSecretKey?: boolean | undefined;
}

/**
 * Turn the `token` option into a function returning a fresh credential each
 * time: a URL is POSTed with JSON, a function is called, a literal credential is
 * returned as is. Every credential passes the secret-key guard before use: a
 * secret key in a browser is an `auth` error, and its message never repeats it.
 *
 * @example
 * ```ts
 * const source = createTokenSource({ token: "/api/swaram-token" }, () => true);
 * const { value } = await source(new AbortController().signal);
 * ```
 */
export function createTokenSource(
  options: TokenSourceOptions,
  isBrowser: () => boolean,
): TokenSource {
  const { token } = options;
  const isUrl = typeof token === "string";
  if (!(isUrl ? token.trim() : typeof token === "function")) {
    throw new TypeError("token must be a token URL, a swaram_ek_ token or a function.");
  }
  const safeUrl = isUrl && redactCredentials(token);
  const guarded = (raw: unknown): Credential => {
    const value = typeof raw === "string" ? raw.trim() : "";
    const secret = isSecretKey(value);
    // Never in a browser; elsewhere only where the runtime is known to be a server
    // (no `window`, or Node), unless the app says so.
    const server =
      options.allowSecretKey || typeof window === "undefined" || globalThis.process?.versions?.node;
    if (secret && (isBrowser() || !server)) {
      throw new SwaramError(
        "auth",
        "Secret keys stay on servers: pass a token URL (see allowSecretKey).",
      );
    }
    // It travels as a WebSocket subprotocol (or a header): RFC 6455 token characters only.
    if (!/^[\w!#$%&'*+.^`|~-]+$/.test(value)) {
      throw new SwaramError(
        "token-endpoint",
        "The token must be a swaram_ek_ string alone, in WebSocket subprotocol characters.",
      );
    }
    return { value, secret };
  };

  /** The token function's answer, or the endpoint's token; typed errors for HTTP failures. */
  async function obtain(signal: AbortSignal): Promise<unknown> {
    if (!isUrl) return token({ signal });
    // `credentials` left unset is fetch's own default, `same-origin`.
    const { credentials, headers, body = {} } = options.tokenRequest ?? {};
    const response = await (options.fetch ?? fetch)(token, {
      method: "POST",
      credentials,
      headers: {
        "content-type": "application/json",
        ...(typeof headers === "function" ? await headers() : headers),
      },
      body: JSON.stringify(body),
      signal,
    });
    const json = await response.json().catch(() => null);
    const { ok, status } = response;
    const value = readTokenResponse(json);
    if (ok && value) return value;
    const said = firstString([json?.error?.message, json?.error, json?.message]);
    const answer = ok
      ? `without a token (expected JSON {"value": "swaram_ek_..."})`
      : // The sentence ends with our own period.
        `HTTP ${status}${said ? `: ${redactCredentials(said).replace(/[.\s]+$/, "")}` : ""}`;
    throw new SwaramError("token-endpoint", `The token endpoint ${safeUrl} answered ${answer}.`, {
      status,
      retryable: status > 499 || status === 429,
    });
  }

  if (isUrl && /^\s*swaram_/.test(token)) {
    guarded(token);
    return async () => guarded(token);
  }
  return async (signal) => {
    let raw: unknown;
    try {
      raw = await obtain(signal);
    } catch (cause) {
      throw asSwaramError(
        cause,
        "token-endpoint",
        isUrl ? `Could not reach the token endpoint ${safeUrl}` : "Token function failed",
        true,
      );
    }
    return guarded(raw);
  };
}
