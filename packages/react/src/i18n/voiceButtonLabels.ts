import type { SwaramLanguage } from "./useLanguage.js";

/**
 * Texts of the voice button, one per state it can be in.
 *
 * @example
 * ```tsx
 * const labels: Partial<VoiceButtonLabels> = {
 *   start: "സ്വരത്തോട് സംസാരിക്കുക",
 *   micError: "മൈക്രോഫോൺ അനുവദിച്ച ശേഷം വീണ്ടും അമർത്തുക",
 * };
 * <VoiceButton token="/api/swaram-token" lang="ml" labels={labels} />
 * ```
 */
export interface VoiceButtonLabels {
  /** Idle or closed: a press starts a conversation. */
  start: string;
  connecting: string;
  /** Push-to-talk, while connecting or reconnecting (the button waits). */
  waiting: string;
  listening: string;
  userSpeaking: string;
  thinking: string;
  agentSpeaking: string;
  reconnecting: string;
  /** Push-to-talk, connected: hold to speak. */
  holdToTalk: string;
  /** Push-to-talk, held. */
  releaseToSend: string;
  /** The session failed; a press starts a new one. */
  error: string;
  /** The microphone was refused or is missing; a press tries again. */
  micError: string;
}

/**
 * The voice button's built-in labels. Override any of them with the `labels` prop.
 *
 * @example
 * ```tsx
 * <VoiceButton labels={{ start: `${voiceButtonLabels.ml.start} 🎙` }} lang="ml" />
 * ```
 */
export const voiceButtonLabels: Record<SwaramLanguage, VoiceButtonLabels> = {
  en: {
    start: "Start voice conversation",
    connecting: "Connecting… press to cancel",
    waiting: "Connecting…",
    listening: "Listening — press to stop",
    userSpeaking: "Hearing you — press to stop",
    thinking: "Thinking — press to stop",
    agentSpeaking: "Speaking — press to stop",
    reconnecting: "Reconnecting… press to stop",
    holdToTalk: "Hold to talk",
    releaseToSend: "Release to send",
    error: "Connection failed — press to try again",
    micError: "Microphone unavailable — press to try again",
  },
  ml: {
    start: "സംഭാഷണം തുടങ്ങുക",
    connecting: "ബന്ധിപ്പിക്കുന്നു… റദ്ദാക്കാൻ അമർത്തുക",
    waiting: "ബന്ധിപ്പിക്കുന്നു…",
    listening: "കേൾക്കുന്നു — നിർത്താൻ അമർത്തുക",
    userSpeaking: "നിങ്ങളെ കേൾക്കുന്നു — നിർത്താൻ അമർത്തുക",
    thinking: "ആലോചിക്കുന്നു — നിർത്താൻ അമർത്തുക",
    agentSpeaking: "സംസാരിക്കുന്നു — നിർത്താൻ അമർത്തുക",
    reconnecting: "വീണ്ടും ബന്ധിപ്പിക്കുന്നു… നിർത്താൻ അമർത്തുക",
    holdToTalk: "സംസാരിക്കാൻ അമർത്തിപ്പിടിക്കുക",
    releaseToSend: "അയയ്ക്കാൻ വിടുക",
    error: "ബന്ധം പരാജയപ്പെട്ടു — വീണ്ടും ശ്രമിക്കാൻ അമർത്തുക",
    micError: "മൈക്രോഫോൺ ലഭ്യമല്ല — വീണ്ടും ശ്രമിക്കാൻ അമർത്തുക",
  },
};
