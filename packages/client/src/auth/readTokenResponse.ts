type TokenResponse = { value?: unknown; token?: unknown; client_secret?: { value?: unknown } };

/**
 * Pick the token out of a mint response, tolerating the shapes apps use:
 * `{ value }` (canonical), `{ token }`, `{ client_secret: { value } }` and
 * `{ client_secret: "…" }`. Returns `null` when none is present.
 *
 * @example
 * ```ts
 * readTokenResponse({ value: "swaram_ek_abc" }); // "swaram_ek_abc"
 * readTokenResponse({ client_secret: { value: "swaram_ek_abc" } }); // "swaram_ek_abc"
 * ```
 */
export function readTokenResponse(body: unknown): string | null {
  const b = body as TokenResponse | null | undefined;
  return firstString([b?.value, b?.token, b?.client_secret, b?.client_secret?.value]) ?? null;
}

/** The first non-empty string of `values`. */
export const firstString = (values: unknown[]): string | undefined =>
  values.find((value): value is string => typeof value === "string" && value !== "");
