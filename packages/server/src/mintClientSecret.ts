import { isSwaramServerError, SwaramServerError } from "./errors.js";
import { readClientSecret } from "./readClientSecret.js";
import { assertSecretKey } from "./secretKey.js";
import type { SwaramSessionConfig } from "./sessionConfig.js";
import { clientSecretsUrl } from "./upstreamUrl.js";

/**
 * The model minted for when none is given.
 *
 * @example
 * ```ts
 * createTokenHandler({ apiKey, model: DEFAULT_MODEL });
 * ```
 */
export const DEFAULT_MODEL = "mal-realtime-simple";

/**
 * How long {@link mintClientSecret} waits for swaram by default, in milliseconds.
 *
 * @example
 * ```ts
 * createTokenHandler({ apiKey, upstreamTimeoutMs: DEFAULT_UPSTREAM_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * Options of {@link mintClientSecret}.
 *
 * @example
 * ```ts
 * const options: MintClientSecretOptions = {
 *   apiKey: process.env.SWARAM_API_KEY!,
 *   baseUrl: "http://127.0.0.1:8787", // the dev server
 *   session: { voice: "mal-male" },
 *   timeoutMs: 5_000,
 * };
 * ```
 */
export interface MintClientSecretOptions {
  /** The secret key (`swaram_…`). Server-side only; an `swaram_ek_…` token is refused. */
  apiKey: string;
  /** Defaults to `https://api.swaram.live`; point it at the dev server in development. */
  baseUrl?: string | undefined;
  /** Defaults to `mal-realtime-simple`. */
  model?: string;
  /** Settings locked into the token: the browser cannot change them. */
  session?: SwaramSessionConfig;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Cancels the request; the promise then rejects with code `aborted`. */
  signal?: AbortSignal;
  /** Gives up after this many milliseconds with code `upstream-timeout` (default 10 000). */
  timeoutMs?: number;
}

/**
 * A minted ephemeral token.
 *
 * @example
 * ```ts
 * export async function POST() {
 *   const { value, expiresAt } = await mintClientSecret({ apiKey });
 *   return Response.json({ value, expires_at: expiresAt });
 * }
 * ```
 */
export interface MintedClientSecret {
  /** The `swaram_ek_…` token to hand to the browser. */
  value: string;
  /** When the token expires, in unix seconds; `null` when swaram did not say. */
  expiresAt: number | null;
}

const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

async function readUpstreamCode(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.json();
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === "string" && CODE_PATTERN.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

async function rejectionFor(response: Response): Promise<SwaramServerError> {
  const upstreamCode = await readUpstreamCode(response);
  const detail = `HTTP ${response.status}${upstreamCode === undefined ? "" : ` ${upstreamCode}`}`;
  const options = { status: response.status, upstreamCode };
  return response.status >= 500
    ? new SwaramServerError(
        "upstream-unavailable",
        `swaram failed to mint a token (${detail}).`,
        options,
      )
    : new SwaramServerError(
        "upstream-rejected",
        `swaram refused to mint a token (${detail}).`,
        options,
      );
}

/** The longest timeout a timer holds (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Throws `invalid-config` unless `timeoutMs` is positive and fits in a timer. */
export function checkTimeout(timeoutMs: number, name = "timeoutMs"): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new SwaramServerError("invalid-config", `${name} must be a positive number.`);
  }
  if (timeoutMs > MAX_TIMEOUT_MS) {
    throw new SwaramServerError(
      "invalid-config",
      `${name} must be at most ${MAX_TIMEOUT_MS} ms (about 24.8 days).`,
    );
  }
  return timeoutMs;
}

/**
 * Mints an ephemeral token (`swaram_ek_…`) with the secret key, by calling
 * `POST {baseUrl}/v1/realtime/client_secrets`. Errors are {@link SwaramServerError}s
 * whose messages never contain the key.
 *
 * @example
 * ```ts
 * const { value, expiresAt } = await mintClientSecret({
 *   apiKey: process.env.SWARAM_API_KEY!,
 *   model: "mal-realtime-simple",
 *   session: { instructions: "നിങ്ങൾ ഒരു കടയിലെ സഹായിയാണ്.", voice: "mal-female" },
 * });
 * ```
 */
export async function mintClientSecret(
  options: MintClientSecretOptions,
): Promise<MintedClientSecret> {
  assertSecretKey(options.apiKey);
  const url = clientSecretsUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  checkTimeout(timeoutMs);
  const { signal } = options;
  if (signal?.aborted) throw new SwaramServerError("aborted", "The mint request was aborted.");

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({
        model: options.model ?? DEFAULT_MODEL,
        session: options.session ?? {},
      }),
      signal: controller.signal,
    });
    if (!response.ok) throw await rejectionFor(response);
    const minted = readClientSecret(await response.json().catch(() => undefined));
    if (minted === undefined) {
      throw new SwaramServerError(
        "upstream-invalid-response",
        "swaram answered without a token in the body.",
        { status: response.status },
      );
    }
    return minted;
  } catch (error) {
    if (timedOut) {
      throw new SwaramServerError(
        "upstream-timeout",
        `swaram did not answer within ${timeoutMs} ms.`,
      );
    }
    if (signal?.aborted) throw new SwaramServerError("aborted", "The mint request was aborted.");
    if (isSwaramServerError(error)) throw error;
    throw new SwaramServerError(
      "upstream-unavailable",
      `Could not reach swaram at ${url.origin}.`,
      {
        cause: error,
      },
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
