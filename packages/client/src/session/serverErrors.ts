import { redactCredentials } from "../auth/redact.js";
import { SwaramError } from "../errors.js";
import type { ServerErrorDetail } from "../protocol/events.js";

/** How the session treats an `error` event. */
export type ErrorEventKind =
  /** Settings locked by the token, or changed after the conversation began: the session goes on. */
  | "config-locked"
  /** Auth, credit, limit and server errors: a close with its code follows, which decides. */
  | "before-close"
  /** Anything else: shown, the session goes on (fatal only while configuring). */
  | "other";

const LOCKED_CODES = new Set(["locked_setting", "session_already_started", "config_locked"]);
const CLOSING_TYPES = new Set([
  "authentication_error",
  "insufficient_quota",
  "rate_limit_error",
  "server_error",
]);

/** Classify a server `error` payload. */
export function classifyErrorEvent(detail: ServerErrorDetail): ErrorEventKind {
  const code = typeof detail.code === "string" ? detail.code : "";
  if (LOCKED_CODES.has(code) || /lock/i.test(code)) return "config-locked";
  if (typeof detail.type === "string" && CLOSING_TYPES.has(detail.type)) return "before-close";
  return "other";
}

/** The server's generic message (safe to show), with any credential removed. */
export function serverMessage(detail: ServerErrorDetail, fallback: string): string {
  return typeof detail.message === "string" && detail.message.length > 0
    ? redactCredentials(detail.message)
    : fallback;
}

/** A `SwaramError` for an `error` event that does not end the session. */
export function errorFromEvent(detail: ServerErrorDetail): SwaramError {
  const kind = classifyErrorEvent(detail);
  const serverCode = typeof detail.code === "string" ? detail.code : undefined;
  const message = serverMessage(detail, "The swaram server reported an error.");
  return new SwaramError(kind === "config-locked" ? "config-locked" : "protocol", message, {
    serverCode,
    retryable: detail.type === "server_error",
  });
}
