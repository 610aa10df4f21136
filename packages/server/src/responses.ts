/**
 * The error codes the token handler answers with, in `{ error: { type, code, message } }`.
 *
 * @example
 * ```ts
 * const { error } = (await response.json()) as { error: { code: TokenErrorCode } };
 * if (error.code === "rate_limited") waitSeconds(Number(response.headers.get("retry-after")));
 * ```
 */
export type TokenErrorCode =
  | "origin_not_allowed"
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "invalid_request"
  | "rate_limited"
  | "unauthorized"
  | "forbidden"
  | "upstream_error"
  | "upstream_timeout"
  | "internal_error";

const BASE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

/** A JSON response that no cache keeps. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string>,
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...BASE_HEADERS, "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** An error in the shape swaram itself uses: `{ error: { type, code, message } }`. */
export function errorResponse(
  status: number,
  code: TokenErrorCode,
  message: string,
  headers: Record<string, string>,
): Response {
  const type = status >= 500 ? "server_error" : "invalid_request_error";
  return jsonResponse(status, { error: { type, code, message } }, headers);
}

/** An empty response (preflight). */
export function emptyResponse(status: number, headers: Record<string, string>): Response {
  return new Response(null, { status, headers: { ...BASE_HEADERS, ...headers } });
}
