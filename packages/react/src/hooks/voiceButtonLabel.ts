import type { SwaramErrorCode } from "@swaram/client";
import type { VoiceButtonLabels } from "../i18n/voiceButtonLabels.js";
import type { SwaramSessionSnapshot } from "./useSwaramSession.js";
import type { VoiceButtonMode } from "./useVoiceButton.js";

/** Errors whose label says more than "connection failed" (a press would not fix them, or fixes them differently). */
const errorLabelKeys: Partial<Record<SwaramErrorCode, keyof VoiceButtonLabels>> = {
  "mic-permission": "micBlocked",
  "mic-unavailable": "micError",
  credits: "outOfCredits",
  concurrency: "tooManySessions",
  auth: "notAuthorized",
  "insecure-context": "unsupported",
  "unsupported-browser": "unsupported",
};

/** Which label names the voice button in this state. */
export function voiceButtonLabelKey(
  state: SwaramSessionSnapshot,
  mode: VoiceButtonMode,
): keyof VoiceButtonLabels {
  const pushToTalk = mode === "push-to-talk";
  switch (state.status) {
    case "idle":
    case "closed":
      return "start";
    case "connecting":
      return pushToTalk ? "waiting" : "connecting";
    case "reconnecting":
      return pushToTalk ? "waiting" : "reconnecting";
    case "error":
      return (state.error && errorLabelKeys[state.error.code]) || "error";
    case "connected":
      if (pushToTalk) return state.pressed ? "releaseToSend" : "holdToTalk";
      return activityLabelKey(state.activity);
    default:
      return state.status satisfies never;
  }
}

function activityLabelKey(activity: SwaramSessionSnapshot["activity"]): keyof VoiceButtonLabels {
  switch (activity) {
    case null:
    case "listening":
      return "listening";
    case "user-speaking":
      return "userSpeaking";
    case "thinking":
      return "thinking";
    case "agent-speaking":
      return "agentSpeaking";
    default:
      return activity satisfies never;
  }
}
