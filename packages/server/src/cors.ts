import { SwaramServerError } from "./errors.js";

/** How the request's `Origin` relates to the allowlist. */
export type OriginDecision =
  | { kind: "no-cors" }
  | { kind: "allowed"; origin: string }
  | { kind: "denied" };

/** Checks each entry is an exact origin (`https://shop.example`, no path, no slash). */
export function validateAllowedOrigins(origins: readonly string[] | undefined): void {
  for (const origin of origins ?? []) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) {
      throw new SwaramServerError(
        "invalid-config",
        `allowedOrigins entries must be exact origins like https://shop.example (got "${origin}").`,
      );
    }
  }
}

function sameOrigin(request: Request, origin: string): boolean {
  try {
    return new URL(request.url).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Without an allowlist no CORS headers are sent, so only same-origin pages can read a
 * token. With one, a request from another origin must be on it exactly; a same-origin
 * request and one without an `Origin` header (not from a browser) pass.
 */
export function decideOrigin(
  request: Request,
  allowedOrigins: readonly string[] | undefined,
): OriginDecision {
  const origin = request.headers.get("origin");
  if (allowedOrigins === undefined || origin === null) return { kind: "no-cors" };
  if (allowedOrigins.includes(origin)) return { kind: "allowed", origin };
  return sameOrigin(request, origin) ? { kind: "no-cors" } : { kind: "denied" };
}

/** CORS headers for a response to an allowed origin; empty for the others. */
export function corsHeaders(
  decision: OriginDecision,
  options: { allowCredentials: boolean; varyOnOrigin: boolean },
): Record<string, string> {
  const vary: Record<string, string> = options.varyOnOrigin ? { vary: "Origin" } : {};
  if (decision.kind !== "allowed") return vary;
  return {
    ...vary,
    "access-control-allow-origin": decision.origin,
    "access-control-expose-headers": "Retry-After",
    ...(options.allowCredentials ? { "access-control-allow-credentials": "true" } : {}),
  };
}

/** Extra headers answering a CORS preflight from an allowed origin. */
export function preflightHeaders(
  decision: OriginDecision,
  allowedHeaders: readonly string[],
): Record<string, string> {
  if (decision.kind !== "allowed") return {};
  return {
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": allowedHeaders.join(", "),
    "access-control-max-age": "600",
  };
}
