import type { ButtonHTMLAttributes, ReactNode } from "react";
import { useComposedRefs } from "../dom/useComposedRefs.js";
import {
  type UseVoiceButtonOptions,
  type UseVoiceButtonResult,
  useVoiceButton,
} from "../hooks/useVoiceButton.js";
import { forwardRef } from "../react.js";

/**
 * Props of {@link VoiceButton}: the session source, labels, and any `<button>` attribute.
 * The session is `session`, else one created from `token` (with `options`), else the
 * nearest `<SwaramProvider>`'s: `options` goes with `token` only (the types refuse it with
 * `session` or without `token`, where it would be ignored).
 *
 * @example
 * ```tsx
 * <VoiceButton
 *   token="/api/swaram-token"
 *   options={{ turns: "push-to-talk", session: { voice: "mal-male" } }}
 *   lang="ml"
 *   className="talk-button"
 * >
 *   {({ pressed }) => <MicIcon active={pressed} />}
 * </VoiceButton>
 * ```
 */
export type VoiceButtonProps = Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  "type" | "children" | "lang"
> &
  UseVoiceButtonOptions & {
    /** Content instead of the label text; the label then becomes the `aria-label`. */
    children?: ReactNode | ((state: UseVoiceButtonResult) => ReactNode);
  };

/**
 * The drop-in voice button: one `<button type="button">` that starts and stops a
 * conversation (or, in push-to-talk, connects and then talks while held down or
 * while Space is held). Its `data-state` is the session status, `data-activity`
 * who holds the floor, `aria-pressed` whether it is on (held, in push-to-talk), and
 * its name says what a press does, in Malayalam or English. After an error a press
 * starts a new session. Your handlers run before the button's; call
 * `event.preventDefault()` in them to skip its behaviour. Import
 * `@swaram/react/styles.css` for the default look, or style `[data-swaram="voice-button"]`.
 *
 * @example
 * ```tsx
 * import { VoiceButton } from "@swaram/react";
 * import "@swaram/react/styles.css";
 *
 * export function App() {
 *   return <VoiceButton token="/api/swaram-token" lang="ml" />;
 * }
 * ```
 */
export const VoiceButton = forwardRef<HTMLButtonElement, VoiceButtonProps>(
  function VoiceButton(props, forwardedRef) {
    // Not attributes of the button; `lang`, `disabled` and the handlers come back in buttonProps.
    const { session, token, options, labels, children, ...rest } = props;
    const voice = useVoiceButton(props);
    const { ref, ...buttonProps } = voice.buttonProps;
    const composedRef = useComposedRefs(forwardedRef, ref);
    const content = typeof children === "function" ? children(voice) : children;
    const named = content == null;
    return (
      <button
        {...rest}
        {...buttonProps}
        ref={composedRef}
        aria-label={rest["aria-label"] ?? (named ? undefined : voice.label)}
      >
        {named ? voice.label : content}
      </button>
    );
  },
);
