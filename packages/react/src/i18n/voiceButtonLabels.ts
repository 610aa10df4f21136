import type { SwaramLanguage } from "./useLanguage.js";

/**
 * Texts of the voice button, one per state it can be in.
 *
 * @example
 * ```tsx
 * const labels: Partial<VoiceButtonLabels> = {
 *   start: "സ്വരത്തോട് സംസാരിക്കുക",
 *   micBlocked: "മൈക്രോഫോൺ അനുവദിച്ച ശേഷം വീണ്ടും അമർത്തുക",
 *   outOfCredits: "സേവനം ഇപ്പോൾ ലഭ്യമല്ല",
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
  /** The connection failed or was lost (any error without a label of its own); a press starts a new session. */
  error: string;
  /** The microphone is missing or could not be opened (`mic-unavailable`); a press tries again. */
  micError: string;
  /** The microphone permission was refused (`mic-permission`): allow it, then press again. */
  micBlocked: string;
  /** The swaram account has no credits left (`credits`). */
  outOfCredits: string;
  /** The plan's limit of simultaneous sessions was reached (`concurrency`); a press tries again. */
  tooManySessions: string;
  /** swaram refused the credential (`auth`). */
  notAuthorized: string;
  /** Voice cannot run on this page (`insecure-context`, `unsupported-browser`). */
  unsupported: string;
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
    micBlocked: "Microphone blocked — allow it and press again",
    outOfCredits: "Out of credits",
    tooManySessions: "Too many sessions — press to try again",
    notAuthorized: "Not authorized to connect",
    unsupported: "Voice is not supported here",
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
    micBlocked: "മൈക്രോഫോൺ തടഞ്ഞു — അനുവദിച്ച് വീണ്ടും അമർത്തുക",
    outOfCredits: "ക്രെഡിറ്റ് തീർന്നു",
    tooManySessions: "വളരെയധികം സെഷനുകൾ — വീണ്ടും ശ്രമിക്കാൻ അമർത്തുക",
    notAuthorized: "ബന്ധിപ്പിക്കാൻ അനുമതിയില്ല",
    unsupported: "ഇവിടെ ശബ്ദ സംഭാഷണം സാധ്യമല്ല",
  },
};
