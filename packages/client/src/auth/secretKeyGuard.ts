/** `true` for a secret `swaram_…` key (server-side only), `false` for `swaram_ek_…` tokens. */
export function isSecretKey(value: string): boolean {
  return value.startsWith("swaram_") && !value.startsWith("swaram_ek_");
}

/**
 * Whether the code runs in a browser, checked when called (never at import), so
 * SSR and Node see `false`.
 */
export function detectBrowser(): boolean {
  return typeof window !== "undefined" && typeof document !== "undefined";
}
