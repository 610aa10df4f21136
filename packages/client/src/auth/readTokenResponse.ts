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
  if (typeof body !== "object" || body === null) return null;
  const record = body as Record<string, unknown>;
  if (isToken(record.value)) return record.value;
  if (isToken(record.token)) return record.token;
  const secret = record.client_secret;
  if (isToken(secret)) return secret;
  if (typeof secret === "object" && secret !== null) {
    const nested = (secret as Record<string, unknown>).value;
    if (isToken(nested)) return nested;
  }
  return null;
}

function isToken(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
