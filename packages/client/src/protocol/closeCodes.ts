import type { SwaramErrorCode } from "../errors.js";

/**
 * What the session does after the socket closes with a given code.
 *
 * @example
 * ```ts
 * socket.addEventListener("close", ({ code }) => {
 *   const action: CloseAction = closeAction(code);
 *   if (action.kind === "fatal") console.error(action.code, action.message);
 *   else if (action.kind === "retry") console.warn(`${action.message} (${action.code})`);
 * });
 * ```
 */
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
  const action = (kind: "fatal" | "retry", code: SwaramErrorCode, message: string) =>
    ({ kind, code, message }) as CloseAction;
  const ended = `swaram ended the session (close code ${closeCode})`;
  if (closeCode === 1000) return { kind: "end" };
  if (closeCode === 4001) return { kind: "auth" };
  if (closeCode === 4003)
    return action("fatal", "credits", "swaram: the account is out of credits.");
  if (closeCode === 4008)
    return action("fatal", "concurrency", "swaram: too many concurrent connections for the plan.");
  // A request the server refused: 1002, 1003 (protocol, data), 1007 to 1010 (data, policy, size, extension).
  if (closeCode === 1002 || closeCode === 1003 || (closeCode > 1006 && closeCode < 1011)) {
    return action("fatal", "protocol", `${ended}: check model and settings.`);
  }
  if (closeCode > 3999 && closeCode < 5000) return action("fatal", "protocol", `${ended}.`);
  if (closeCode === 1013) return action("retry", "busy", "swaram is busy.");
  return action("retry", "network", `Connection lost (close code ${closeCode}).`);
}
