import { createStore, type StoreApi } from "zustand/vanilla";
import type {
  SessionMetrics,
  SessionState,
  SessionStateBase,
  SessionStatus,
  TurnMode,
} from "./types.js";

export type SessionStore = StoreApi<SessionState>;

/** The fields every run starts from: no messages, no error, no config, zero metrics. */
export const freshRun = () => ({
  messages: [],
  error: null,
  config: null,
  metrics: {
    turns: 0,
    turnLatencies: [],
    framesSent: 0,
    framesDropped: 0,
    malformedEvents: 0,
    reconnects: 0,
    connectMs: null,
  } satisfies SessionMetrics,
});

/** A fresh store in `idle`. */
export function createSessionStore(turns: TurnMode, muted: boolean): SessionStore {
  return createStore<SessionState>()(() => ({
    status: "idle",
    activity: null,
    muted,
    turns,
    pressed: false,
    ...freshRun(),
  }));
}

/**
 * Enter `status`, writing a complete variant of the union: the shared fields
 * carry over (overridden by `fields`), `pressed` is released, and `activity` is
 * `listening` when connected, `null` otherwise.
 */
export function transition(
  store: SessionStore,
  status: SessionStatus,
  fields: (Partial<SessionState> & { attempt?: number; retryInMs?: number }) | null | undefined,
): void {
  // Everything but the fields of the `reconnecting` variant carries over.
  const { attempt, retryInMs, ...shared } = store.getState() as SessionStateBase & {
    attempt?: number;
    retryInMs?: number;
  };
  const activity = status === "connected" ? "listening" : null;
  store.setState({ ...shared, pressed: false, activity, status, ...fields } as SessionState, true);
}

/** Update metrics with a function of the current ones. */
export function updateMetrics(
  store: SessionStore,
  update: (metrics: SessionMetrics) => Partial<SessionMetrics>,
): void {
  const { metrics } = store.getState();
  store.setState({ metrics: { ...metrics, ...update(metrics) } });
}
