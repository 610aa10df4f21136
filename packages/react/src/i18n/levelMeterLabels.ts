import type { SwaramLanguage } from "./useLanguage.js";

/**
 * Names of the level meters.
 *
 * @example
 * ```tsx
 * const names: LevelMeterLabels = { input: "എന്റെ ശബ്ദം", output: "സ്വരത്തിന്റെ ശബ്ദം" };
 * <LevelMeter kind="input" aria-label={names.input} />
 * ```
 */
export interface LevelMeterLabels {
  input: string;
  output: string;
}

/**
 * The level meters' built-in names; `aria-label` on a meter overrides them.
 *
 * @example
 * ```tsx
 * <LevelMeter kind="output" aria-label={`${levelMeterLabels.en.output} (speaker)`} />
 * ```
 */
export const levelMeterLabels: Record<SwaramLanguage, LevelMeterLabels> = {
  en: { input: "Microphone level", output: "Assistant voice level" },
  ml: { input: "മൈക്രോഫോൺ ശബ്ദനില", output: "സഹായിയുടെ ശബ്ദനില" },
};
