/**
 * The `error` object of swaram's error events and HTTP error bodies.
 *
 * @example
 * ```ts
 * // A test sends a session.update that contradicts the token's locked voice:
 * ws.on("message", (data) => {
 *   const event = JSON.parse(String(data)) as { type: string; error?: ServerError };
 *   if (event.type === "error") expect(event.error?.code).toBe("locked_setting");
 * });
 * ```
 */
export interface ServerError {
  type:
    | "invalid_request_error"
    | "authentication_error"
    | "rate_limit_error"
    | "insufficient_quota"
    | "server_error";
  code: string;
  message: string;
  param?: string | undefined;
  event_id?: string | undefined;
}

export function errorEvent(error: ServerError) {
  const { param, event_id, ...rest } = error;
  return {
    type: "error",
    error: { ...rest, param: param ?? null, event_id: event_id ?? null },
  };
}

/**
 * Close codes of the swaram protocol.
 *
 * @example
 * ```ts
 * dev.faults.close(CloseCode.busy); // 1013: the client reconnects
 * dev.faults.close(CloseCode.credits); // 4003: `error` first, and the client gives up
 * ```
 */
export const CloseCode = {
  auth: 4001,
  credits: 4003,
  concurrency: 4008,
  busy: 1013,
  serverError: 1011,
  /** The service is restarting: reconnect. */
  restart: 1012,
  policy: 1008,
} as const;

export const AUTH_ERRORS = {
  missing: {
    type: "authentication_error",
    code: "missing_api_key",
    message:
      "No credential: send a token in the openai-insecure-api-key subprotocol or a Bearer header.",
  },
  invalid: {
    type: "authentication_error",
    code: "invalid_api_key",
    message: "The key or token is not valid.",
  },
  expired: {
    type: "authentication_error",
    code: "token_expired",
    message: "The token has expired: mint a fresh one for each connection.",
  },
} as const satisfies Record<string, ServerError>;

export const CREDITS_ERROR: ServerError = {
  type: "insufficient_quota",
  code: "insufficient_credits",
  message: "The account is out of credits.",
};

export const CONCURRENCY_ERROR: ServerError = {
  type: "rate_limit_error",
  code: "concurrency_limit_exceeded",
  message: "Too many concurrent connections for the plan.",
};

export const SERVER_ERROR: ServerError = {
  type: "server_error",
  code: "server_error",
  message: "The server had an error while processing the session. Please retry.",
};
