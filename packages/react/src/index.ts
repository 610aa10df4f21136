"use client";

export { LevelMeter, type LevelMeterProps } from "./components/LevelMeter.js";
export { SwaramProvider, type SwaramProviderProps } from "./components/SwaramProvider.js";
export { splitHeard, Transcript, type TranscriptProps } from "./components/Transcript.js";
export { VoiceButton, type VoiceButtonProps } from "./components/VoiceButton.js";
export { type LevelKind, useAudioLevel } from "./hooks/useAudioLevel.js";
export { useMaybeSwaramContext } from "./hooks/useMaybeSwaramContext.js";
export { useSwaramContext } from "./hooks/useSwaramContext.js";
export {
  type SwaramSessionSnapshot,
  type UseSwaramSessionResult,
  useSwaramSession,
} from "./hooks/useSwaramSession.js";
export { useSwaramState } from "./hooks/useSwaramState.js";
export { type UseSwaramToolOptions, useSwaramTool } from "./hooks/useSwaramTool.js";
export {
  type UseVoiceButtonOptions,
  type UseVoiceButtonResult,
  useVoiceButton,
  type VoiceButtonElementProps,
  type VoiceButtonMode,
} from "./hooks/useVoiceButton.js";
export { type LevelMeterLabels, levelMeterLabels } from "./i18n/levelMeterLabels.js";
export { type TranscriptLabels, transcriptLabels } from "./i18n/transcriptLabels.js";
export type { SwaramLanguage } from "./i18n/useLanguage.js";
export { type VoiceButtonLabels, voiceButtonLabels } from "./i18n/voiceButtonLabels.js";
export type { SwaramActions } from "./session/controller.js";
export type { SwaramControls } from "./session/useControls.js";
export { selectSnapshot } from "./session/useSnapshot.js";
