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

const CLOSING_TYPES = [
  "authentication_error",
  "insufficient_quota",
  "rate_limit_error",
  "server_error",
];

/** Classify a server `error` payload (`locked_setting`, `config_locked`, `session_already_started`, …). */
export function classifyErrorEvent(detail: ServerErrorDetail): ErrorEventKind {
  const code = String(detail.code);
  if (/lock|already_started/i.test(code)) return "config-locked";
  return CLOSING_TYPES.includes(String(detail.type)) ? "before-close" : "other";
}

/** The server's message (safe to show) with any credential removed, or "". */
export function serverMessage({ message }: ServerErrorDetail): string {
  return typeof message === "string" ? redactCredentials(message) : "";
}

/**
 * The kit's `message` followed by what the server `said`, unless the server's words
 * are all in the kit's message already: "The account is out of credits." adds
 * nothing to "The swaram account is out of credits.", while a server message with
 * a detail of its own (a limit, a link) is kept.
 */
export function withServerMessage(message: string, said: string): string {
  const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const known = words(message);
  return words(said).every((word) => known.includes(word)) ? message : `${message} (${said})`;
}

/** The server's `error.code`, when it sent one. */
export function serverCode({ code }: ServerErrorDetail): string | undefined {
  return typeof code === "string" ? code : undefined;
}

/** A `SwaramError` for an `error` event that does not end the session. */
export function errorFromEvent(detail: ServerErrorDetail): SwaramError {
  return new SwaramError(
    classifyErrorEvent(detail) === "config-locked" ? "config-locked" : "protocol",
    serverMessage(detail) || "The swaram server reported an error.",
    { serverCode: serverCode(detail), retryable: detail.type === "server_error" },
  );
}
