import type { SwaramErrorCode } from "../errors.js";

/** What the session does after the socket closes with a given code. */
export type CloseAction =
  /** A clean end the session asked for (or the server ended normally). */
  | { kind: "end" }
  /** Bad or expired credential: one fresh mint is allowed, then an `auth` error. */
  | { kind: "auth" }
  /** Never retried; surfaced as an error with this code. */
  | { kind: "fatal"; code: SwaramErrorCode; message: string }
  /** Transient: reconnect with backoff, a fresh token and the configuration re-sent. */
  | { kind: "retry"; code: SwaramErrorCode; message: string };

/**
 * The close-code table of the swaram protocol.
 *
 * @example
 * ```ts
 * closeAction(4003); // { kind: "fatal", code: "credits", ... }
 * closeAction(1013); // { kind: "retry", code: "busy", ... }
 * ```
 */
export function closeAction(closeCode: number): CloseAction {
  switch (closeCode) {
    case 1000:
      return { kind: "end" };
    case 4001:
      return { kind: "auth" };
    case 4003:
      return {
        kind: "fatal",
        code: "credits",
        message: "The swaram account is out of credits. Top up the plan, then start again.",
      };
    case 4008:
      return {
        kind: "fatal",
        code: "concurrency",
        message:
          "Too many concurrent swaram sessions for this plan. Close another session or raise the plan's limit.",
      };
    case 1002:
    case 1003:
    case 1007:
    case 1008:
    case 1009:
    case 1010:
      return {
        kind: "fatal",
        code: "protocol",
        message: `The swaram server refused the session (close code ${closeCode}); check the model, settings and messages sent.`,
      };
    case 1013:
      return {
        kind: "retry",
        code: "busy",
        message: "The swaram server is busy; reconnecting.",
      };
    default:
      if (closeCode >= 4000 && closeCode <= 4999) {
        return {
          kind: "fatal",
          code: "protocol",
          message: `The swaram server ended the session (close code ${closeCode}).`,
        };
      }
      return {
        kind: "retry",
        code: "network",
        message: `The connection to swaram was lost (close code ${closeCode}); reconnecting.`,
      };
  }
}
