import type {
  SessionActivity,
  SessionStatus,
  SwaramSession,
  SwaramSessionOptions,
} from "@swaram/client";
import type { FocusEvent, KeyboardEvent, MouseEvent, PointerEvent, RefCallback } from "react";
import { composeEventHandlers } from "../dom/composeEventHandlers.js";
import type { SwaramLanguage } from "../i18n/useLanguage.js";
import { useLanguage } from "../i18n/useLanguage.js";
import { type VoiceButtonLabels, voiceButtonLabels } from "../i18n/voiceButtonLabels.js";
import { onLevelFrames, writeLevel } from "../levels/levelFrames.js";
import { useCallback, useEffect, useRef } from "../react.js";
import { isRunning } from "../session/controller.js";
import { useSessionController } from "../session/useController.js";
import { type UseSwaramSessionResult, useSessionResult } from "./useSwaramSession.js";
import { voiceButtonLabelKey } from "./voiceButtonLabel.js";

/**
 * Toggle: a press starts and stops. Push-to-talk: a press connects, holding talks.
 *
 * @example
 * ```tsx
 * const hints: Record<VoiceButtonMode, string> = {
 *   toggle: "തുടങ്ങാനും നിർത്താനും അമർത്തുക",
 *   "push-to-talk": "സംസാരിക്കാൻ അമർത്തിപ്പിടിക്കുക",
 * };
 * function Hint() {
 *   return <p lang="ml">{hints[useVoiceButton().mode]}</p>;
 * }
 * ```
 */
export type VoiceButtonMode = "toggle" | "push-to-talk";

type Handler<E> = ((event: E) => void) | undefined;

/**
 * Options of {@link useVoiceButton}.
 *
 * @example
 * ```tsx
 * const voice = useVoiceButton({
 *   token: "/api/swaram-token",
 *   options: { turns: "push-to-talk" },
 *   lang: "ml",
 *   onClick: () => analytics.track("voice-button"), // runs before the button's own handler
 * });
 * ```
 */
export interface UseVoiceButtonOptions {
  /** Use this session (wins over `token` and the provider). */
  session?: SwaramSession;
  /** Create and own a session with this token source (wins over the provider). */
  token?: SwaramSessionOptions["token"];
  /** More options for the session created from `token` (`turns: "push-to-talk"` for that mode). */
  options?: Omit<SwaramSessionOptions, "token">;
  /** Label language (`ml`, `en`, or a tag like `ml-IN`); default: the browser's. */
  lang?: string;
  /** Replace any of the built-in labels. */
  labels?: Partial<VoiceButtonLabels>;
  disabled?: boolean;
  onClick?: Handler<MouseEvent<HTMLButtonElement>>;
  onPointerDown?: Handler<PointerEvent<HTMLButtonElement>>;
  onPointerUp?: Handler<PointerEvent<HTMLButtonElement>>;
  onPointerCancel?: Handler<PointerEvent<HTMLButtonElement>>;
  onKeyDown?: Handler<KeyboardEvent<HTMLButtonElement>>;
  onKeyUp?: Handler<KeyboardEvent<HTMLButtonElement>>;
  onBlur?: Handler<FocusEvent<HTMLButtonElement>>;
}

/**
 * The props to spread on a `<button>`.
 *
 * @example
 * ```tsx
 * function MicButton(props: { buttonProps: VoiceButtonElementProps; label: string }) {
 *   return (
 *     <button {...props.buttonProps} aria-label={props.label} className="mic-button">
 *       <MicIcon />
 *     </button>
 *   );
 * }
 * ```
 */
export interface VoiceButtonElementProps {
  type: "button";
  ref: RefCallback<HTMLButtonElement>;
  lang: SwaramLanguage;
  disabled: boolean | undefined;
  "data-swaram": "voice-button";
  "data-state": SessionStatus;
  "data-activity": SessionActivity | undefined;
  "data-mode": VoiceButtonMode;
  "aria-pressed": boolean;
  "aria-disabled": true | undefined;
  onClick(event: MouseEvent<HTMLButtonElement>): void;
  onPointerDown(event: PointerEvent<HTMLButtonElement>): void;
  onPointerUp(event: PointerEvent<HTMLButtonElement>): void;
  onPointerCancel(event: PointerEvent<HTMLButtonElement>): void;
  onKeyDown(event: KeyboardEvent<HTMLButtonElement>): void;
  onKeyUp(event: KeyboardEvent<HTMLButtonElement>): void;
  onBlur(event: FocusEvent<HTMLButtonElement>): void;
}

/**
 * What {@link useVoiceButton} returns.
 *
 * @example
 * ```tsx
 * function TalkButton() {
 *   const { buttonProps, label, mode, pressed }: UseVoiceButtonResult = useVoiceButton();
 *   return (
 *     <button {...buttonProps} aria-label={label}>
 *       {mode === "push-to-talk" && pressed ? "🎙️" : "🎤"}
 *     </button>
 *   );
 * }
 * ```
 */
export interface UseVoiceButtonResult extends UseSwaramSessionResult {
  buttonProps: VoiceButtonElementProps;
  /** The accessible name for the current state (also the default content). */
  label: string;
  mode: VoiceButtonMode;
}

const isSpace = (event: KeyboardEvent) => event.key === " " || event.code === "Space";

/**
 * The voice button's behaviour without its markup: spread `buttonProps` on your
 * own `<button>` and render `label` (or an icon with `aria-label={label}`).
 * The session is `session`, else one created from `token`, else the nearest
 * `<SwaramProvider>`'s. The level of the mic and of the agent's voice is written to
 * the element as `--swaram-level`, `--swaram-input-level` and
 * `--swaram-output-level` (0..1, to hundredths) at most once per animation frame,
 * and only when it changed, without re-rendering.
 *
 * @example
 * ```tsx
 * function MicButton() {
 *   const { buttonProps, label, status } = useVoiceButton({ token: "/api/swaram-token" });
 *   return (
 *     <button {...buttonProps} aria-label={label} className="mic">
 *       <MicIcon active={status === "connected"} />
 *     </button>
 *   );
 * }
 * ```
 */
export function useVoiceButton(options: UseVoiceButtonOptions = {}): UseVoiceButtonResult {
  const { token, disabled } = options;
  const result = useSessionResult(
    useSessionController(
      options.session ?? (token === undefined ? null : { ...options.options, token }),
      "<VoiceButton>",
    ),
  );
  const { status, session } = result;
  const language = useLanguage(options.lang);
  const pushToTalk = result.turns === "push-to-talk";
  const mode: VoiceButtonMode = pushToTalk ? "push-to-talk" : "toggle";
  const key = voiceButtonLabelKey(result, pushToTalk);
  const label = options.labels?.[key] ?? voiceButtonLabels[language][key];
  const running = isRunning(status);
  const waiting = pushToTalk && running && status !== "connected";
  const cannotAct = waiting || disabled;
  const talking = pushToTalk && status === "connected" && !disabled;
  const heldBy = useRef<"pointer" | "key" | null>(null);

  const element = useRef<HTMLButtonElement | null>(null);
  const ref = useCallback((node: HTMLButtonElement | null) => {
    element.current = node;
  }, []);
  useEffect(
    () =>
      onLevelFrames(session.levels, ({ input, output }) => {
        const el = element.current;
        writeLevel(el, "--swaram-level", Math.max(input, output));
        writeLevel(el, "--swaram-input-level", input);
        writeLevel(el, "--swaram-output-level", output);
      }),
    [session],
  );

  const hold = (by: "pointer" | "key") => {
    if (heldBy.current) return;
    heldBy.current = by;
    result.press();
  };
  const letGo = (by: "pointer" | "key") => {
    if (heldBy.current !== by) return;
    heldBy.current = null;
    result.release();
  };

  const buttonProps: VoiceButtonElementProps = {
    type: "button",
    ref,
    lang: language,
    disabled: disabled || undefined,
    "data-swaram": "voice-button",
    "data-state": status,
    "data-activity": result.activity ?? undefined,
    "data-mode": mode,
    "aria-pressed": pushToTalk ? result.pressed : running,
    "aria-disabled": waiting || undefined,
    onClick: composeEventHandlers(options.onClick, () => {
      if (cannotAct) return;
      if (!pushToTalk) void result.toggle();
      else if (!running) void result.start();
    }),
    onPointerDown: composeEventHandlers(options.onPointerDown, (event) => {
      if (!talking || event.button) return;
      event.currentTarget.setPointerCapture?.(event.pointerId);
      hold("pointer");
    }),
    onPointerUp: composeEventHandlers(options.onPointerUp, () => letGo("pointer")),
    onPointerCancel: composeEventHandlers(options.onPointerCancel, () => letGo("pointer")),
    onKeyDown: composeEventHandlers(options.onKeyDown, (event) => {
      if (!talking || !isSpace(event)) return;
      event.preventDefault();
      if (!event.repeat) hold("key");
    }),
    onKeyUp: composeEventHandlers(options.onKeyUp, (event) => {
      if (!isSpace(event) || heldBy.current !== "key") return;
      event.preventDefault();
      letGo("key");
    }),
    onBlur: composeEventHandlers(options.onBlur, () => letGo("key")),
  };
  return { ...result, buttonProps, label, mode };
}
