import type { AgentMessage, Message, SwaramSession } from "@swaram/client";
import type { HTMLAttributes, ReactNode, UIEvent } from "react";
import { composeEventHandlers } from "../dom/composeEventHandlers.js";
import { useComposedRefs } from "../dom/useComposedRefs.js";
import { useIsomorphicLayoutEffect } from "../dom/useIsomorphicLayoutEffect.js";
import { useSwaramState } from "../hooks/useSwaramState.js";
import { type TranscriptLabels, transcriptLabels } from "../i18n/transcriptLabels.js";
import { elementLang, useLanguage } from "../i18n/useLanguage.js";
import { forwardRef, useCallback, useRef } from "../react.js";

/**
 * Props of {@link Transcript}.
 *
 * @example
 * ```tsx
 * <Transcript lang="ml" labels={{ agent: "സ്വരം" }} followThreshold={48} className="transcript" />
 * ```
 */
export interface TranscriptProps extends Omit<HTMLAttributes<HTMLDivElement>, "children" | "lang"> {
  /** Show this session instead of the nearest `<SwaramProvider>`'s. */
  session?: SwaramSession;
  /** Label language (`ml`, `en`, or a tag); default: the browser's. The element's `lang`: this tag for your labels or the tag's own language, else the built-in labels' language. */
  lang?: string;
  /** Replace any of the built-in labels (an `undefined` value keeps the built-in one). */
  labels?: Partial<TranscriptLabels>;
  /**
   * Render one entry yourself (inside its `<li>`); return `undefined` to use the default,
   * `null` to leave the entry out.
   */
  renderMessage?: (message: Message, labels: TranscriptLabels) => ReactNode;
  /** Distance from the bottom (px) within which the transcript keeps following new text. Default 24. */
  followThreshold?: number;
}

/**
 * Splits an agent reply into what the user heard and what was cut off (all of it
 * is "heard" unless the reply was interrupted), for custom transcript rendering.
 *
 * @example
 * ```tsx
 * <Transcript
 *   renderMessage={(m) => {
 *     if (m.role !== "agent") return undefined;
 *     const { heard, unheard } = splitHeard(m);
 *     return <p>{heard}<s>{unheard}</s></p>;
 *   }}
 * />
 * ```
 */
export function splitHeard(message: AgentMessage): { heard: string; unheard: string } {
  const heard = message.heardText;
  if (message.status !== "interrupted" || heard === null || !message.text.startsWith(heard)) {
    return { heard: message.text, unheard: "" };
  }
  return { heard, unheard: message.text.slice(heard.length) };
}

function DefaultMessage({ message, labels }: { message: Message; labels: TranscriptLabels }) {
  switch (message.role) {
    case "user":
      return (
        <>
          <span data-swaram-part="speaker">{labels.user}: </span>
          <span data-swaram-part="text" lang="ml">
            {message.status === "pending" ? labels.pending : message.text}
          </span>
        </>
      );
    case "agent": {
      const { heard, unheard } = splitHeard(message);
      return (
        <>
          <span data-swaram-part="speaker">{labels.agent}: </span>
          <span data-swaram-part="text" lang="ml">
            <span data-swaram-part="heard">{heard}</span>
            {unheard && <del data-swaram-part="unheard">{unheard}</del>}
          </span>
          {message.status === "interrupted" && (
            <span data-swaram-part="note"> ({labels.interrupted})</span>
          )}
        </>
      );
    }
    case "tool": {
      const outcome =
        message.status === "running"
          ? labels.toolRunning
          : message.status === "success"
            ? labels.toolSuccess
            : labels.toolError;
      return (
        <>
          <span data-swaram-part="speaker">{labels.tool}: </span>
          <code data-swaram-part="tool-name">{message.name}</code>
          <span data-swaram-part="note"> ({outcome})</span>
        </>
      );
    }
    default:
      return message satisfies never;
  }
}

/**
 * The conversation as text: the user's turns, the agent's replies as they stream
 * (an interrupted reply shows what was heard, with the unheard rest in `<del>`),
 * and tool calls. It is an `aria-live="polite"` log; entries are `aria-busy` while
 * streaming, so screen readers read them once complete. Give it a height and
 * `overflow: auto`: it keeps the newest text in view unless the user scrolled up.
 *
 * @example
 * ```tsx
 * <SwaramProvider options={{ token: "/api/swaram-token" }}>
 *   <Transcript
 *     style={{ height: 240, overflow: "auto" }}
 *     renderMessage={(m) => (m.role === "tool" ? <em>Looking it up…</em> : undefined)}
 *   />
 * </SwaramProvider>
 * ```
 */
export const Transcript = forwardRef<HTMLDivElement, TranscriptProps>(
  function Transcript(props, forwardedRef) {
    const { session, lang, labels, renderMessage, followThreshold = 24, onScroll, ...rest } = props;
    const messages = useSwaramState((state) => state.messages, session);
    const language = useLanguage(lang);
    // A label given as `undefined` keeps the built-in one (as on <VoiceButton>).
    const text = { ...transcriptLabels[language] };
    let key: keyof TranscriptLabels;
    for (key in text) text[key] = labels?.[key] ?? text[key];
    const element = useRef<HTMLDivElement | null>(null);
    const following = useRef(true);
    const ref = useComposedRefs(forwardedRef, element);

    const handleScroll = useCallback(
      (event: UIEvent<HTMLDivElement>) => {
        const el = event.currentTarget;
        following.current = el.scrollHeight - el.scrollTop - el.clientHeight <= followThreshold;
      },
      [followThreshold],
    );
    useIsomorphicLayoutEffect(() => {
      const el = element.current;
      if (el && following.current && messages.length > 0) el.scrollTop = el.scrollHeight;
    }, [messages]);

    return (
      <div
        role="log"
        aria-live="polite"
        lang={elementLang(
          lang,
          language,
          rest["aria-label"] ?? Object.values(labels ?? {}).find((label) => label != null),
        )}
        {...rest}
        aria-label={rest["aria-label"] ?? text.region}
        ref={ref}
        data-swaram="transcript"
        onScroll={composeEventHandlers(onScroll, handleScroll)}
      >
        <ol data-swaram-part="messages">
          {messages.map((message) => {
            const custom = renderMessage?.(message, text);
            return custom === null ? null : (
              <li
                key={message.id}
                data-role={message.role}
                data-status={message.status}
                aria-busy={message.status === "streaming" || message.status === "pending"}
              >
                {custom === undefined ? <DefaultMessage message={message} labels={text} /> : custom}
              </li>
            );
          })}
        </ol>
      </div>
    );
  },
);
