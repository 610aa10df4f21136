import { createStore, type StoreApi } from "zustand/vanilla";
import type { SwaramError } from "../errors.js";
import type {
  SessionActivity,
  SessionMetrics,
  SessionState,
  SessionStateBase,
  TurnMode,
} from "./types.js";

export function initialMetrics(): SessionMetrics {
  return {
    turns: 0,
    turnLatencies: [],
    framesSent: 0,
    framesDropped: 0,
    malformedEvents: 0,
    reconnects: 0,
    connectMs: null,
  };
}

/** A fresh store in `idle`. */
export function createSessionStore(turns: TurnMode, muted: boolean): StoreApi<SessionState> {
  return createStore<SessionState>()(() => ({
    status: "idle",
    activity: null,
    messages: [],
    error: null,
    config: null,
    metrics: initialMetrics(),
    muted,
    turns,
    pressed: false,
  }));
}

function base(state: SessionState): SessionStateBase {
  const { messages, error, config, metrics, muted, turns, pressed } = state;
  return { messages, error, config, metrics, muted, turns, pressed };
}

/** Status transitions: each writes a complete variant of the union. */
export const transitions = {
  connecting(store: StoreApi<SessionState>, reset: Partial<SessionStateBase> = {}): void {
    store.setState(
      { ...base(store.getState()), ...reset, status: "connecting", activity: null },
      true,
    );
  },
  connected(store: StoreApi<SessionState>, activity: SessionActivity = "listening"): void {
    store.setState({ ...base(store.getState()), status: "connected", activity }, true);
  },
  reconnecting(
    store: StoreApi<SessionState>,
    attempt: number,
    retryInMs: number,
    error: SwaramError,
  ): void {
    const state = base(store.getState());
    store.setState(
      {
        ...state,
        error,
        pressed: false,
        status: "reconnecting",
        activity: null,
        attempt,
        retryInMs,
      },
      true,
    );
  },
  closed(store: StoreApi<SessionState>): void {
    store.setState(
      { ...base(store.getState()), pressed: false, status: "closed", activity: null },
      true,
    );
  },
  error(store: StoreApi<SessionState>, error: SwaramError): void {
    store.setState(
      { ...base(store.getState()), pressed: false, error, status: "error", activity: null },
      true,
    );
  },
};

/** Change `activity`, only while connected. */
export function setActivity(store: StoreApi<SessionState>, activity: SessionActivity): void {
  const state = store.getState();
  if (state.status !== "connected" || state.activity === activity) return;
  store.setState({ ...state, activity }, true);
}

/** Patch shared fields without touching the status. */
export function patch(store: StoreApi<SessionState>, fields: Partial<SessionStateBase>): void {
  store.setState(fields);
}

/** Update metrics with a function of the current ones. */
export function updateMetrics(
  store: StoreApi<SessionState>,
  update: (metrics: SessionMetrics) => Partial<SessionMetrics>,
): void {
  const { metrics } = store.getState();
  store.setState({ metrics: { ...metrics, ...update(metrics) } });
}
