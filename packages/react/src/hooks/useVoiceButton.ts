import type {
  SessionActivity,
  SessionStatus,
  SwaramSession,
  SwaramSessionOptions,
} from "@swaram/client";
import type {
  AriaAttributes,
  FocusEvent,
  KeyboardEvent,
  MouseEvent,
  PointerEvent,
  RefCallback,
} from "react";
import { composeEventHandlers } from "../dom/composeEventHandlers.js";
import { elementLang, useLanguage } from "../i18n/useLanguage.js";
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

/** The options of {@link useVoiceButton} besides where its session comes from. */
interface VoiceButtonOwnOptions {
  /** Label language (`ml`, `en`, or a tag like `ml-IN`); default: the browser's. The element's `lang`: this tag for your labels or the tag's own language, else the built-in labels' language. */
  lang?: string;
  /** Replace any of the built-in labels (an `undefined` value keeps the built-in one). */
  labels?: Partial<VoiceButtonLabels>;
  disabled?: boolean;
  /** `true` (or `"true"`): the button does nothing, like `disabled`, but stays focusable. */
  "aria-disabled"?: AriaAttributes["aria-disabled"];
  onClick?: Handler<MouseEvent<HTMLButtonElement>>;
  onPointerDown?: Handler<PointerEvent<HTMLButtonElement>>;
  onPointerUp?: Handler<PointerEvent<HTMLButtonElement>>;
  onPointerCancel?: Handler<PointerEvent<HTMLButtonElement>>;
  onLostPointerCapture?: Handler<PointerEvent<HTMLButtonElement>>;
  onKeyDown?: Handler<KeyboardEvent<HTMLButtonElement>>;
  onKeyUp?: Handler<KeyboardEvent<HTMLButtonElement>>;
  onBlur?: Handler<FocusEvent<HTMLButtonElement>>;
}

/**
 * Options of {@link useVoiceButton}. The session is `session`, else one created from
 * `token` (with `options`), else the nearest `<SwaramProvider>`'s. `options` goes with
 * `token` only: with `session`, or without `token`, it would be ignored, so the types
 * refuse it.
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
export type UseVoiceButtonOptions = VoiceButtonOwnOptions &
  (
    | {
        /** Use this session (wins over `token` and the provider). */
        session?: SwaramSession;
        /** Create and own a session with this token source (wins over the provider). */
        token?: SwaramSessionOptions["token"];
        options?: never;
      }
    | {
        session?: never;
        /** Create and own a session with this token source (wins over the provider). */
        token: SwaramSessionOptions["token"];
        /** More options for the session created from `token` (`turns: "push-to-talk"` for that mode). */
        options?: Omit<SwaramSessionOptions, "token">;
      }
  );

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
  /** The `lang` given, else the language of the built-in labels. */
  lang: string;
  disabled: boolean | undefined;
  "data-swaram": "voice-button";
  "data-state": SessionStatus;
  "data-activity": SessionActivity | undefined;
  "data-mode": VoiceButtonMode;
  "aria-pressed": boolean;
  /** `true` while push-to-talk connects; else the `aria-disabled` given. */
  "aria-disabled": AriaAttributes["aria-disabled"];
  onClick(event: MouseEvent<HTMLButtonElement>): void;
  onPointerDown(event: PointerEvent<HTMLButtonElement>): void;
  onPointerUp(event: PointerEvent<HTMLButtonElement>): void;
  onPointerCancel(event: PointerEvent<HTMLButtonElement>): void;
  onLostPointerCapture(event: PointerEvent<HTMLButtonElement>): void;
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
  const { token, lang } = options;
  const result = useSessionResult(
    useSessionController(
      options.session ?? (token === undefined ? null : { ...options.options, token }),
      "<VoiceButton>",
    ),
  );
  const { status, session } = result;
  const language = useLanguage(lang);
  const pushToTalk = result.turns === "push-to-talk";
  const mode: VoiceButtonMode = pushToTalk ? "push-to-talk" : "toggle";
  const key = voiceButtonLabelKey(result, pushToTalk);
  const appLabel = options.labels?.[key];
  const label = appLabel ?? voiceButtonLabels[language][key];
  const running = isRunning(status);
  const waiting = pushToTalk && running && status !== "connected";
  // `disabled`, or `aria-disabled` (which keeps the button focusable): the button does nothing.
  const inert = options.disabled || String(options["aria-disabled"]) === "true";
  const talking = pushToTalk && status === "connected" && !inert;
  /** The turn this button started: by which pointer (or the Space key), on which session. */
  const held = useRef<{ by: number | "key"; on: SwaramSession } | null>(null);

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

  /** Ends the turn this button started, on the session it started it on. */
  const end = () => {
    const turn = held.current;
    held.current = null;
    turn?.on.release();
  };
  // A held turn ends when the button can no longer talk (disabled, disconnected), when
  // its session changes and when it unmounts: no pointerup or keyup may ever come.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `end` reads a ref; the cleanup runs on these changes
  useEffect(() => end, [session, talking]);
  /** Starts a turn, unless one is held already (by this button or another on the session). */
  const hold = (by: number | "key") => {
    if (held.current || result.pressed) return;
    held.current = { by, on: session };
    session.press();
  };
  const letGo = (by: number | "key") => {
    if (held.current?.by === by) end();
  };
  const letGoPointer = (event: PointerEvent) => letGo(event.pointerId);

  const buttonProps: VoiceButtonElementProps = {
    type: "button",
    ref,
    lang: elementLang(lang, language, appLabel),
    disabled: options.disabled || undefined,
    "data-swaram": "voice-button",
    "data-state": status,
    "data-activity": result.activity ?? undefined,
    "data-mode": mode,
    "aria-pressed": pushToTalk ? result.pressed : running,
    "aria-disabled": waiting || options["aria-disabled"],
    onClick: composeEventHandlers(options.onClick, () => {
      if (waiting || inert) return;
      if (!pushToTalk) void result.toggle();
      else if (!running) void result.start();
    }),
    onPointerDown: composeEventHandlers(options.onPointerDown, (event) => {
      if (!talking || event.button) return;
      event.currentTarget.setPointerCapture?.(event.pointerId);
      hold(event.pointerId);
    }),
    onPointerUp: composeEventHandlers(options.onPointerUp, letGoPointer),
    onPointerCancel: composeEventHandlers(options.onPointerCancel, letGoPointer),
    onLostPointerCapture: composeEventHandlers(options.onLostPointerCapture, letGoPointer),
    onKeyDown: composeEventHandlers(options.onKeyDown, (event) => {
      if (!talking || !isSpace(event)) return;
      event.preventDefault();
      if (!event.repeat) hold("key");
    }),
    onKeyUp: composeEventHandlers(options.onKeyUp, (event) => {
      if (!isSpace(event) || held.current?.by !== "key") return;
      event.preventDefault();
      end();
    }),
    onBlur: composeEventHandlers(options.onBlur, () => letGo("key")),
  };
  return { ...result, buttonProps, label, mode };
}
