import { SwaramError } from "../errors.js";

/** `true` for a secret `swaram_…` key (server-side only), `false` for `swaram_ek_…` tokens. */
export function isSecretKey(value: string): boolean {
  return value.startsWith("swaram_") && !value.startsWith("swaram_ek_");
}

/** `true` for any swaram credential string (secret key or ephemeral token). */
export function isSwaramCredential(value: string): boolean {
  return value.startsWith("swaram_");
}

/**
 * Whether the code runs in a browser, checked when called (never at import), so
 * SSR and Node see `false`.
 */
export function detectBrowser(): boolean {
  return typeof window !== "undefined" && typeof document !== "undefined";
}

/**
 * Throw when a secret key would be used in a browser. Runs before any network
 * call; the message says why and what to do, and never repeats the key.
 *
 * @example
 * ```ts
 * assertNoSecretKeyInBrowser(token, true); // throws for "swaram_…", passes "swaram_ek_…"
 * ```
 */
export function assertNoSecretKeyInBrowser(value: string, isBrowser: boolean): void {
  if (!isBrowser || !isSecretKey(value)) return;
  throw new SwaramError(
    "auth",
    "A secret swaram key (swaram_…) was given to the browser client. Secret keys must stay on " +
      "your server: mint a short-lived swaram_ek_ token there (e.g. with @swaram/server's " +
      "createTokenHandler) and pass its URL as `token`.",
  );
}
