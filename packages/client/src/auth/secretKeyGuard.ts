/**
 * `true` for a secret `swaram_…` key (server-side only), `false` for `swaram_ek_…` tokens.
 * Leading whitespace is ignored, as the session trims credentials before use.
 *
 * @example
 * ```ts
 * isSecretKey("swaram_ek_4f2a…"); // false: a browser token
 * if (isSecretKey(token)) throw new Error("Never ship the secret key to the browser.");
 * ```
 */
export function isSecretKey(value: string): boolean {
  return /^\s*swaram_(?!ek_)/.test(value);
}

/**
 * Whether the code runs in a browser, checked when called (never at import), so
 * SSR and Node see `false`.
 */
export function detectBrowser(): boolean {
  return typeof window !== "undefined" && typeof document !== "undefined";
}
