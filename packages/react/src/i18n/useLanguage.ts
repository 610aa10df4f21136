import { useSyncExternalStore } from "react";

/**
 * The languages the built-in labels come in.
 *
 * @example
 * ```tsx
 * function StartHint({ lang }: { lang: SwaramLanguage }) {
 *   return <p lang={lang}>{voiceButtonLabels[lang].start}</p>;
 * }
 * ```
 */
export type SwaramLanguage = "ml" | "en";

function subscribe(onChange: () => void): () => void {
  if (typeof window === "undefined") return () => undefined;
  window.addEventListener("languagechange", onChange);
  return () => window.removeEventListener("languagechange", onChange);
}

const browserLanguage = () => (typeof navigator === "undefined" ? "" : (navigator.language ?? ""));
const serverLanguage = () => "";

/** `ml` for Malayalam tags (`ml`, `ml-IN`), `en` for anything else. */
export function toLanguage(tag: string): SwaramLanguage {
  return tag.toLowerCase().startsWith("ml") ? "ml" : "en";
}

/**
 * The label language: the `lang` prop when given, else the browser's language,
 * read at render (the server and hydration use English unless `lang` is given,
 * then the browser's language applies).
 */
export function useLanguage(lang: string | undefined): SwaramLanguage {
  const detected = useSyncExternalStore(subscribe, browserLanguage, serverLanguage);
  return toLanguage(lang ?? detected);
}
