/**
 * The closed set of error codes {@link SwaramServerError} carries. Switch on it:
 * `switch (error.code) { case "upstream-timeout": … }`.
 *
 * - `invalid-config`: the options are wrong (missing key, an ephemeral key used as the
 *   secret key, a bad base URL). Fix the configuration.
 * - `upstream-unavailable`: swaram could not be reached or answered with a 5xx.
 * - `upstream-rejected`: swaram refused the request with a 4xx (bad key, bad session).
 * - `upstream-timeout`: swaram did not answer within the timeout.
 * - `upstream-invalid-response`: swaram answered 2xx without a token in the body.
 * - `aborted`: the caller's `AbortSignal` fired.
 *
 * @example
 * ```ts
 * function statusFor(error: SwaramServerError): number {
 *   switch (error.code) {
 *     case "invalid-config": return 500; // fix the configuration
 *     case "upstream-timeout":
 *     case "upstream-unavailable": return 503; // worth retrying later
 *     default: return 502;
 *   }
 * }
 * ```
 */
export type SwaramServerErrorCode =
  | "invalid-config"
  | "upstream-unavailable"
  | "upstream-rejected"
  | "upstream-timeout"
  | "upstream-invalid-response"
  | "aborted";

/**
 * Options carried by a {@link SwaramServerError} besides its code and message.
 *
 * @example
 * ```ts
 * new SwaramServerError("upstream-rejected", "swaram refused (HTTP 401).", { status: 401 });
 * ```
 */
export interface SwaramServerErrorOptions {
  /** The upstream HTTP status, when swaram answered. */
  status?: number;
  /** The upstream `error.code`, when swaram sent one that looks like a code. */
  upstreamCode?: string;
  cause?: unknown;
}

/**
 * A typed error from `@swaram/server`. `code` is from a closed set, so callers can
 * switch on it; `message` never contains the secret key or a minted token.
 *
 * @example
 * ```ts
 * try {
 *   await mintClientSecret({ apiKey, model: "mal-realtime-simple" });
 * } catch (error) {
 *   if (isSwaramServerError(error) && error.code === "upstream-timeout") retryLater();
 * }
 * ```
 */
export class SwaramServerError extends Error {
  override readonly name = "SwaramServerError";
  readonly code: SwaramServerErrorCode;
  readonly status: number | undefined;
  readonly upstreamCode: string | undefined;

  constructor(
    code: SwaramServerErrorCode,
    message: string,
    options: SwaramServerErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.upstreamCode = options.upstreamCode;
  }
}

/**
 * Narrowing helper: `true` when `value` is a {@link SwaramServerError}.
 *
 * @example
 * ```ts
 * if (isSwaramServerError(error)) console.warn(error.code);
 * ```
 */
export function isSwaramServerError(value: unknown): value is SwaramServerError {
  return value instanceof SwaramServerError;
}
