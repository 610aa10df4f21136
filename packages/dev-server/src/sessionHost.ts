import type { LockedSession, SessionConfig } from "./config.js";
import type { Logger } from "./log.js";
import type { RealtimeSession } from "./session.js";
import type { SpeechEngine } from "./voice.js";

type Json = Record<string, unknown>;

/** What every session shares with the server that hosts it. */
export interface SessionHost {
  speech: SpeechEngine;
  log: Logger;
  turnDelayMs: number;
  transcriptDelayMs: number;
  chunkMs: number;
  toolCallEvery: number;
  replies: readonly string[];
  /** Scripted next reply / tool call / transcript, consumed by whichever session needs one. */
  nextReply(): string | undefined;
  nextToolCall(): { name: string; args: unknown } | undefined;
  nextTranscript(): string | undefined;
  /** Charges audio time to the key; false when its credits are spent. */
  charge(keyId: string, ms: number): boolean;
  eventDelayMs(): number;
  takeDropOnReply(): boolean;
  observe(sessionId: string, direction: "in" | "out", event: Json): void;
  closed(session: RealtimeSession): void;
}

/**
 * A live session as `dev.sessions()` reports it: its settings and counters.
 *
 * @example
 * ```ts
 * const [info] = dev.sessions();
 * expect(info?.config.voice).toBe("mal-male");
 * expect(info?.framesReceived).toBeGreaterThan(0);
 * ```
 */
export interface SessionInfo {
  id: string;
  model: string;
  keyId: string;
  credential: "secret" | "ephemeral";
  config: SessionConfig;
  locked: LockedSession;
  started: boolean;
  audioMsReceived: number;
  framesReceived: number;
  responses: number;
  turns: number;
}
