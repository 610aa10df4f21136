import { useSyncExternalStore } from "../react.js";

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

// Read on the client only: React renders with `serverLanguage` on the server and
// while hydrating, and subscribes in an effect.
function subscribe(onChange: () => void): () => void {
  addEventListener("languagechange", onChange);
  return () => removeEventListener("languagechange", onChange);
}

const browserLanguage = () => navigator.language;
const serverLanguage = () => "";

/**
 * The element's `lang`: the app's tag for text the app gave (`appText` not null), or when the
 * tag is in the built-in labels' language (`ml-IN`); else that language, so built-in English
 * under `lang="fr"` is read as English.
 */
export function elementLang(
  lang: string | undefined,
  language: SwaramLanguage,
  appText: unknown,
): string {
  return lang && (appText != null || lang.split("-")[0]?.toLowerCase() === language)
    ? lang
    : language;
}

/**
 * The label language: the `lang` prop when given, else the browser's language,
 * read at render (the server and hydration use English unless `lang` is given,
 * then the browser's language applies).
 */
export function useLanguage(lang: string | undefined): SwaramLanguage {
  const detected = useSyncExternalStore(subscribe, browserLanguage, serverLanguage);
  // `ml` for Malayalam tags (`ml`, `ml-IN`), `en` for anything else.
  return /^ml/i.test(lang ?? detected) ? "ml" : "en";
}
