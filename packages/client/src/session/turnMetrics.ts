import type { StoreApi } from "zustand/vanilla";
import { updateMetrics } from "./store.js";
import type { SessionState, TurnMetrics } from "./types.js";

/** One reply in flight, with the times its latencies are measured from. */
export interface ResponseTrack {
  id: string;
  createdAt: number;
  firstAudioAt: number | null;
  /** End of the user's speech that this reply answers. */
  speechEndAt: number | null;
  hasAudio: boolean;
}

const MAX_LATENCIES = 50;

/** Milliseconds of PCM16 24 kHz audio in a base64 string. */
export function base64AudioMs(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  const bytes = Math.max(0, (base64.length * 3) / 4 - padding);
  return Math.floor(bytes / 2) / 24;
}

/** A reply finished at `doneAt`: count the turn and keep its latencies. */
export function recordTurn(
  store: StoreApi<SessionState>,
  track: ResponseTrack,
  doneAt: number,
): void {
  const { firstAudioAt, speechEndAt, createdAt } = track;
  const entry: TurnMetrics = {
    responseId: track.id,
    speechEndToFirstAudioMs:
      firstAudioAt === null || speechEndAt === null ? null : firstAudioAt - speechEndAt,
    createdToFirstAudioMs: firstAudioAt === null ? null : firstAudioAt - createdAt,
    responseMs: doneAt - createdAt,
  };
  updateMetrics(store, (metrics) => ({
    turns: metrics.turns + 1,
    turnLatencies: [...metrics.turnLatencies, entry].slice(-MAX_LATENCIES),
  }));
}
