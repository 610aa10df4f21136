import { type SessionStore, updateMetrics } from "./store.js";

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

/** Milliseconds of PCM16 24 kHz audio in a base64 string (48 bytes, 64 characters, per ms). */
export function base64AudioMs(base64: string): number {
  const bytes = Math.floor((base64.replace(/=+$/, "").length * 3) / 4);
  return Math.floor(bytes / 2) / 24;
}

/** A reply finished at `doneAt`: count the turn and keep its latencies. */
export function recordTurn(store: SessionStore, track: ResponseTrack, doneAt: number): void {
  const { id, firstAudioAt, speechEndAt, createdAt } = track;
  const entry = {
    responseId: id,
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
