import { SwaramError } from "../errors.js";
import type { TokenFunction, TokenRequestOptions } from "../session/types.js";
import { readTokenResponse } from "./readTokenResponse.js";
import { redactCredentials } from "./redact.js";
import { assertNoSecretKeyInBrowser, isSecretKey, isSwaramCredential } from "./secretKeyGuard.js";

/** A fetched credential and how to present it. */
export interface Credential {
  value: string;
  /** A secret key (allowed outside browsers only): sent as a Bearer header. */
  secret: boolean;
}

/** Fetches a fresh credential; called on every connect. */
export type TokenSource = (signal: AbortSignal) => Promise<Credential>;

export interface TokenSourceOptions {
  token: string | TokenFunction;
  tokenRequest?: TokenRequestOptions;
  fetch?: typeof fetch;
  isBrowser: () => boolean;
}

/**
 * Turn the `token` option into a function returning a fresh credential each
 * time: a URL is POSTed with JSON, a function is called, a literal credential is
 * returned as is. Every credential passes the secret-key guard before use.
 *
 * @example
 * ```ts
 * const source = createTokenSource({ token: "/api/swaram-token", isBrowser: () => true });
 * const { value } = await source(new AbortController().signal);
 * ```
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { token } = options;
  const guarded = (value: string): Credential => {
    assertNoSecretKeyInBrowser(value, options.isBrowser());
    return { value, secret: isSecretKey(value) };
  };
  if (typeof token === "string" && isSwaramCredential(token)) {
    guarded(token);
    return async () => guarded(token);
  }
  if (typeof token === "string") {
    return async (signal) => guarded(await fetchToken(token, options, signal));
  }
  return async (signal) => guarded(await callTokenFunction(token, signal));
}

async function callTokenFunction(fn: TokenFunction, signal: AbortSignal): Promise<string> {
  let value: unknown;
  try {
    value = await fn({ signal });
  } catch (error) {
    if (error instanceof SwaramError || signal.aborted) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SwaramError(
      "token-endpoint",
      `The token function failed: ${redactCredentials(detail)}`,
      { retryable: true, cause: error },
    );
  }
  if (typeof value !== "string" || value.length === 0) {
    throw new SwaramError(
      "token-endpoint",
      "The token function resolved without a token; it must resolve to the swaram_ek_ string.",
    );
  }
  return value;
}

async function fetchToken(
  url: string,
  options: TokenSourceOptions,
  signal: AbortSignal,
): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const request = options.tokenRequest ?? {};
  const headers =
    typeof request.headers === "function" ? await request.headers() : (request.headers ?? {});
  let response: Response;
  try {
    response = await doFetch(url, {
      method: "POST",
      credentials: request.credentials ?? "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(request.body ?? {}),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SwaramError(
      "token-endpoint",
      `Could not reach the token endpoint ${redactCredentials(url)}: ${redactCredentials(detail)}`,
      { retryable: true, cause: error },
    );
  }
  const body = await readJson(response);
  if (!response.ok) {
    const said = errorMessageOf(body);
    throw new SwaramError(
      "token-endpoint",
      `The token endpoint ${redactCredentials(url)} answered HTTP ${response.status}` +
        (said ? `: ${redactCredentials(said)}` : "."),
      { status: response.status, retryable: response.status >= 500 || response.status === 429 },
    );
  }
  const value = readTokenResponse(body);
  if (value === null) {
    throw new SwaramError(
      "token-endpoint",
      `The token endpoint ${redactCredentials(url)} answered without a token; expected JSON { "value": "swaram_ek_…" }.`,
      { status: response.status },
    );
  }
  return value;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function errorMessageOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === "string") return message;
  }
  return typeof record.message === "string" ? record.message : null;
}
