import type { Connection } from "./connection.js";
import { type SessionStore, updateMetrics } from "./store.js";

const FLUSH_EVERY_MS = 250;

/**
 * Sends mic frames while the gate is open, dropping (and counting) them while
 * the socket's send buffer is above the bound, so nothing queues without limit.
 * Counters reach the store at most every 250 ms (and on `flush()`), not per frame.
 */
export function createMicPump(
  store: SessionStore,
  connection: () => Connection | null,
  gateOpen: () => boolean,
  maxBufferedBytes: number,
  now: () => number,
) {
  let sent = 0;
  let dropped = 0;
  let lastFlush = 0;
  /** Milliseconds sent since `resetTurn()` (push-to-talk). */
  let turnMs = 0;

  function flush(): void {
    if (sent === 0 && dropped === 0) return;
    const s = sent;
    const d = dropped;
    sent = 0;
    dropped = 0;
    lastFlush = now();
    updateMetrics(store, (metrics) => ({
      framesSent: metrics.framesSent + s,
      framesDropped: metrics.framesDropped + d,
    }));
  }

  return {
    onFrame(base64: string, samples: number): void {
      const socket = connection();
      if (!socket || !gateOpen()) return;
      if (socket.bufferedAmount() > maxBufferedBytes) dropped++;
      else if (socket.send({ type: "input_audio_buffer.append", audio: base64 })) {
        sent++;
        turnMs += samples / 24;
      }
      if (now() - lastFlush >= FLUSH_EVERY_MS) flush();
    },
    flush,
    turnMs: () => turnMs,
    resetTurn(): void {
      turnMs = 0;
    },
  };
}
