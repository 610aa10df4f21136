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

/**
 * An activity's label key: its name in camelCase, its first "-s" made "S" (`user-speaking` →
 * `userSpeaking`). Spelled out by type, so a new activity without a label fails to compile.
 */
type ActivityLabelKey<A extends string> = A extends `${infer Head}-s${infer Tail}`
  ? `${Head}S${Tail}`
  : A;

/** Which label names the voice button in this state. */
export function voiceButtonLabelKey(state: SwaramSessionSnapshot, pushToTalk: boolean): LabelKey {
  const { status, error } = state;
  if (status === "connected") {
    if (pushToTalk) return state.pressed ? "releaseToSend" : "holdToTalk";
    const activity: SessionActivity = state.activity ?? "listening";
    return activity.replace("-s", "S") as ActivityLabelKey<SessionActivity>;
  }
  if (status === "error") return (error && errorLabelKeys[error.code]) || "error";
  if (status === "idle" || status === "closed") return "start";
  // Connecting or reconnecting: a push-to-talk button waits.
  return pushToTalk ? "waiting" : status;
}
