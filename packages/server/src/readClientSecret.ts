/** What a tolerant reader found in a mint response. */
export interface ClientSecretFields {
  value: string;
  /** Unix seconds, or `null` when the response did not say. */
  expiresAt: number | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function unixSeconds(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * Reads the token out of a `client_secrets` response body. The canonical field is
 * `value`; `token`, `client_secret.value` and a string `client_secret` are accepted
 * too. Returns `undefined` when none holds a non-empty string.
 */
export function readClientSecret(body: unknown): ClientSecretFields | undefined {
  if (!isRecord(body)) return undefined;
  const nested = isRecord(body.client_secret) ? body.client_secret : undefined;
  const value =
    nonEmptyString(body.value) ??
    nonEmptyString(body.token) ??
    nonEmptyString(nested?.value) ??
    nonEmptyString(body.client_secret);
  if (value === undefined) return undefined;
  return { value, expiresAt: unixSeconds(body.expires_at) ?? unixSeconds(nested?.expires_at) };
}
