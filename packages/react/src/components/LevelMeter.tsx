import type { SwaramSession } from "@swaram/client";
import type { HTMLAttributes } from "react";
import { useComposedRefs } from "../dom/useComposedRefs.js";
import { type LevelKind, useAudioLevel } from "../hooks/useAudioLevel.js";
import { levelMeterLabels } from "../i18n/levelMeterLabels.js";
import { elementLang, useLanguage } from "../i18n/useLanguage.js";
import { writeLevel } from "../levels/levelFrames.js";
import { forwardRef, useRef } from "../react.js";

/**
 * Props of {@link LevelMeter}.
 *
 * @example
 * ```tsx
 * <LevelMeter kind="output" session={session} lang="ml" className="agent-meter" />
 * ```
 */
export interface LevelMeterProps extends Omit<HTMLAttributes<HTMLDivElement>, "children" | "lang"> {
  /** The user's microphone (`input`, default) or the agent's voice (`output`). */
  kind?: LevelKind;
  /** Measure this session instead of the nearest `<SwaramProvider>`'s. */
  session?: SwaramSession;
  /** Label language (`ml`, `en`, or a tag); default: the browser's. The element's `lang`: this tag for your labels or the tag's own language, else the built-in labels' language. */
  lang?: string;
}

/**
 * A live level meter (`role="meter"`, 0–100) for the mic or the agent's voice. It
 * renders once: at most once per animation frame, and only when the level changed
 * by a whole percent, it writes `aria-valuenow` and the CSS custom property
 * `--swaram-level` (0..1, to hundredths) straight to the element, with no React render.
 * Its bar is the `[data-swaram-part="bar"]` child; `@swaram/react/styles.css`
 * draws it, or style it yourself.
 *
 * @example
 * ```tsx
 * <SwaramProvider options={{ token: "/api/swaram-token" }}>
 *   <LevelMeter kind="input" />
 *   <LevelMeter kind="output" aria-label="Agent" />
 * </SwaramProvider>
 * ```
 */
export const LevelMeter = forwardRef<HTMLDivElement, LevelMeterProps>(
  function LevelMeter(props, forwardedRef) {
    const { kind = "input", session, lang, ...rest } = props;
    const language = useLanguage(lang);
    const element = useRef<HTMLDivElement | null>(null);
    const ref = useComposedRefs(forwardedRef, element);
    useAudioLevel(
      kind,
      (level) => {
        const el = element.current;
        writeLevel(el, "--swaram-level", level);
        const percent = String(Math.round(level * 100));
        if (el && el.getAttribute("aria-valuenow") !== percent) {
          el.setAttribute("aria-valuenow", percent);
        }
      },
      session,
    );
    return (
      // A div, not <meter>: its bar is drawn from --swaram-level, which <meter> cannot portably show.
      // biome-ignore lint/a11y/useSemanticElements: role="meter" on a styleable element is intended
      <div
        role="meter"
        lang={elementLang(lang, language, rest["aria-label"])}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={0}
        {...rest}
        aria-label={rest["aria-label"] ?? levelMeterLabels[language][kind]}
        ref={ref}
        data-swaram="level-meter"
        data-kind={kind}
      >
        <div data-swaram-part="bar" />
      </div>
    );
  },
);
