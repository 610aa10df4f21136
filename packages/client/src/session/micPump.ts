import type { StoreApi } from "zustand/vanilla";
import type { Connection } from "./connection.js";
import { updateMetrics } from "./store.js";
import type { SessionState } from "./types.js";

const FLUSH_EVERY_MS = 250;

/**
 * Sends mic frames while the gate is open, dropping (and counting) them while
 * the socket's send buffer is above the bound, so nothing queues without limit.
 * Counters reach the store at most every 250 ms (and on `flush()`), not per frame.
 */
export function createMicPump(options: {
  store: StoreApi<SessionState>;
  connection(): Connection | null;
  gateOpen(): boolean;
  maxBufferedBytes: number;
  now(): number;
}) {
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
    lastFlush = options.now();
    updateMetrics(options.store, (metrics) => ({
      framesSent: metrics.framesSent + s,
      framesDropped: metrics.framesDropped + d,
    }));
  }

  return {
    onFrame(base64: string, samples: number): void {
      const connection = options.connection();
      if (!connection || !options.gateOpen()) return;
      if (connection.bufferedAmount() > options.maxBufferedBytes) {
        dropped += 1;
      } else if (connection.send({ type: "input_audio_buffer.append", audio: base64 })) {
        sent += 1;
        turnMs += samples / 24;
      }
      if (options.now() - lastFlush >= FLUSH_EVERY_MS) flush();
    },
    flush,
    turnMs: () => turnMs,
    resetTurn(): void {
      turnMs = 0;
    },
  };
}
