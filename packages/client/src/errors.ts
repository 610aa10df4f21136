import { redactCredentials } from "./auth/redact.js";

/**
 * The closed set of error codes a swaram session can report.
 * Each code names something a developer (or user) can act on.
 *
 * @example
 * ```ts
 * function errorHint(error: SwaramError): string {
 *   switch (error.code) {
 *     case "mic-permission": return "മൈക്രോഫോൺ ഉപയോഗിക്കാൻ അനുമതി നൽകുക.";
 *     case "insecure-context": return "ഈ പേജ് https:// വഴി തുറക്കുക.";
 *     case "credits": return "ക്രെഡിറ്റ് തീർന്നു.";
 *     default: return error.message;
 *   }
 * }
 * ```
 */
export type SwaramErrorCode =
  | "auth"
  | "credits"
  | "concurrency"
  | "busy"
  | "network"
  | "token-endpoint"
  | "mic-permission"
  | "mic-unavailable"
  | "insecure-context"
  | "unsupported-browser"
  | "protocol"
  | "config-locked";

/**
 * Options carried by a {@link SwaramError} besides its code and message.
 *
 * @example
 * ```ts
 * // In a token function: a typed error passes through to the session's state as is.
 * if (!response.ok) {
 *   throw new SwaramError("token-endpoint", `The token route answered HTTP ${response.status}.`, {
 *     status: response.status,
 *     retryable: response.status >= 500,
 *   });
 * }
 * ```
 */
export interface SwaramErrorOptions {
  /** WebSocket close code, when the error ended a connection. */
  closeCode?: number | undefined;
  /** HTTP status, for `token-endpoint` errors. */
  status?: number | undefined;
  /** The server's `error.code`, when the error came from an `error` event. */
  serverCode?: string | undefined;
  /** Whether the session may recover from this error by reconnecting. */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * A typed error from the swaram kit. `code` is from a closed set, so UIs can
 * switch on it; `message` is safe to show and never contains a key or token.
 *
 * @example
 * ```ts
 * const { error } = session.store.getState();
 * if (error?.code === "mic-permission") showMicHelp();
 * ```
 */
export class SwaramError extends Error {
  override readonly name = "SwaramError";
  // `declare`: assigned in the constructor, so no field definitions are emitted as well.
  declare readonly code: SwaramErrorCode;
  declare readonly closeCode: number | undefined;
  declare readonly status: number | undefined;
  declare readonly serverCode: string | undefined;
  declare readonly retryable: boolean;

  constructor(code: SwaramErrorCode, message: string, options: SwaramErrorOptions = {}) {
    // `cause` is set only when the options carry one.
    super(message, options);
    this.code = code;
    this.closeCode = options.closeCode;
    this.status = options.status;
    this.serverCode = options.serverCode;
    this.retryable = !!options.retryable;
  }
}

/**
 * Narrowing helper: `true` when `value` is a {@link SwaramError}.
 *
 * @example
 * ```ts
 * try {
 *   await session.start();
 * } catch (error) {
 *   if (isSwaramError(error) && error.code === "mic-permission") showMicHelp();
 * }
 * ```
 */
export function isSwaramError(value: unknown): value is SwaramError {
  return value instanceof SwaramError;
}

/** The message of any thrown value (an object's `message`, else the value as a string); never throws. */
export function messageOf(error: unknown): string {
  try {
    const message = (error as { message?: unknown } | null | undefined)?.message;
    return typeof message === "string" ? message : String(error);
  } catch {
    // An object without a prototype (or with a throwing getter or toString).
    return "no message";
  }
}

/** The largest delay timers take (2³¹ − 1 ms); a longer one fires at once. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/** `value` when `min <= value <= max`; else a RangeError naming the option. */
export function checkRange(name: string, value: number, min: number, max: number): number {
  if (!(value >= min && value <= max)) {
    throw new RangeError(`${name} must be ${min} to ${max}, got ${value}`);
  }
  return value;
}

/**
 * Any failure as a typed error: a `SwaramError` as it is, anything else as
 * `code`, its message prefixed with `what` and stripped of any credential.
 */
export function asSwaramError(
  error: unknown,
  code: SwaramErrorCode,
  what: string,
  retryable?: boolean,
): SwaramError {
  return error instanceof SwaramError
    ? error
    : new SwaramError(code, `${what}: ${redactCredentials(messageOf(error))}`, {
        retryable,
        cause: error,
      });
}
