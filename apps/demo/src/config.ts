/** Where the browser opens the realtime socket: the local dev server unless told otherwise. */
export const SWARAM_BASE_URL = import.meta.env.VITE_SWARAM_BASE_URL || "ws://127.0.0.1:8787";

/** The app's own token route (apps/token-server, proxied by Vite). */
export const TOKEN_ROUTE = "/api/swaram-token";

export const VOICES = [
  { id: "mal-female", label: "സ്ത്രീ ശബ്ദം · female" },
  { id: "mal-male", label: "പുരുഷ ശബ്ദം · male" },
] as const;

export type VoiceId = (typeof VOICES)[number]["id"];
