import type { SessionActivity, SwaramErrorCode } from "@swaram/client";
import type { VoiceButtonLabels } from "../i18n/voiceButtonLabels.js";
import type { SwaramSessionSnapshot } from "./useSwaramSession.js";

type LabelKey = keyof VoiceButtonLabels;

/** Errors whose label says more than "connection failed" (a press would not fix them, or fixes them differently). */
const errorLabelKeys: Partial<Record<SwaramErrorCode, LabelKey>> = {
  "mic-permission": "micBlocked",
  "mic-unavailable": "micError",
  credits: "outOfCredits",
  concurrency: "tooManySessions",
  auth: "notAuthorized",
  "insecure-context": "unsupported",
  "unsupported-browser": "unsupported",
};

const activityLabelKeys: Record<SessionActivity, LabelKey> = {
  listening: "listening",
  "user-speaking": "userSpeaking",
  thinking: "thinking",
  "agent-speaking": "agentSpeaking",
};

/** Which label names the voice button in this state. */
export function voiceButtonLabelKey(state: SwaramSessionSnapshot, pushToTalk: boolean): LabelKey {
  const { status, error } = state;
  if (status === "connected") {
    if (pushToTalk) return state.pressed ? "releaseToSend" : "holdToTalk";
    return activityLabelKeys[state.activity ?? "listening"];
  }
  if (status === "error") return (error && errorLabelKeys[error.code]) || "error";
  if (status === "idle" || status === "closed") return "start";
  // Connecting or reconnecting: a push-to-talk button waits.
  return pushToTalk ? "waiting" : status;
}
