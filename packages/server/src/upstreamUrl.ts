import { SwaramServerError } from "./errors.js";

/**
 * The real service; every option that takes a base URL defaults to it.
 *
 * @example
 * ```ts
 * const baseUrl = process.env.SWARAM_BASE_URL ?? DEFAULT_BASE_URL;
 * ```
 */
export const DEFAULT_BASE_URL = "https://api.swaram.live";

const CLIENT_SECRETS_PATH = "/v1/realtime/client_secrets";

/**
 * Builds the `client_secrets` URL from a base URL. `ws:`/`wss:` bases (the ones the
 * browser client uses) are mapped to `http:`/`https:`, so one setting serves both.
 */
export function clientSecretsUrl(baseUrl?: string): URL {
  let url: URL;
  try {
    // Blank (an environment variable set to nothing) means the default service, as unset does.
    url = new URL(baseUrl?.trim() || DEFAULT_BASE_URL);
  } catch {
    throw new SwaramServerError("invalid-config", "baseUrl is not a valid URL.");
  }
  if (url.protocol === "ws:") url.protocol = "http:";
  if (url.protocol === "wss:") url.protocol = "https:";
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SwaramServerError("invalid-config", "baseUrl must be an http(s) or ws(s) URL.");
  }
  if (url.username !== "" || url.password !== "" || url.search !== "") {
    throw new SwaramServerError(
      "invalid-config",
      "baseUrl must not carry credentials or a query string; pass the key as apiKey.",
    );
  }
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${CLIENT_SECRETS_PATH}`;
  url.hash = "";
  return url;
}
