import { afterAll, afterEach, beforeAll } from "vitest";
import WebSocket from "ws";
import { createSwaramSession } from "../../../src/session/createSwaramSession.js";
import type {
  SessionState,
  SwaramSession,
  SwaramSessionOptions,
  WebSocketConstructor,
} from "../../../src/session/types.js";
import {
  type DevServer,
  type DevServerOptions,
  startDevServer,
} from "../../../src/testing/devServer.js";

/**
 * One dev server per test file, and every session created through `open()`
 * disposed after each test.
 */
export function useDevServer(options: DevServerOptions = {}) {
  const state: { dev: DevServer | null } = { dev: null };
  const sessions: SwaramSession[] = [];
  beforeAll(async () => {
    state.dev = await startDevServer({
      port: 0,
      quiet: true,
      speech: "tone",
      turnDelayMs: 50,
      ...options,
    });
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.dispose()));
  });
  afterAll(async () => {
    await state.dev?.close();
  });
  const dev = (): DevServer => {
    if (!state.dev) throw new Error("dev server not started");
    return state.dev;
  };
  return {
    dev,
    /** A session against the dev server (token minted per connect), disposed after the test. */
    open(options: Partial<SwaramSessionOptions> = {}): SwaramSession {
      const session = createSwaramSession({
        token: () => dev().mintToken(),
        baseUrl: dev().url,
        WebSocket,
        audio: null,
        reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 },
        ...options,
      });
      sessions.push(session);
      return session;
    },
  };
}

/** Resolves with the state once `predicate` holds (checked now and on every change). */
export function waitFor(
  session: SwaramSession,
  predicate: (state: SessionState) => boolean,
  what = "the expected state",
  timeoutMs = 15_000,
): Promise<SessionState> {
  return new Promise((resolve, reject) => {
    const check = (state: SessionState) => {
      if (!predicate(state)) return false;
      clearTimeout(timer);
      off();
      resolve(state);
      return true;
    };
    const timer = setTimeout(() => {
      off();
      const s = session.store.getState();
      reject(
        new Error(
          `Timed out waiting for ${what}; status ${s.status}, activity ${s.activity}, error ${s.error?.message ?? "none"}`,
        ),
      );
    }, timeoutMs);
    const off = session.store.subscribe((state) => {
      check(state);
    });
    check(session.store.getState());
  });
}

/** Collects the client events the dev server received, by type. */
export function recordInbound(dev: DevServer) {
  const events: { sessionId: string; event: Record<string, unknown> }[] = [];
  const off = dev.onEvent((e) => {
    if (e.direction === "in") events.push({ sessionId: e.sessionId, event: e.event });
  });
  return {
    off,
    all: () => events,
    ofType: (type: string) => events.filter((e) => e.event.type === type),
  };
}

/** A user text turn: swaram takes none and answers `error` `text_input_not_supported`. */
export const TEXT_TURN = {
  type: "conversation.item.create",
  item: { type: "message", role: "user", content: [{ type: "input_text", text: "ഹലോ" }] },
} as const;

/**
 * A `ws` WebSocket class that keeps the last socket it made, so a test can send on the
 * session's own connection what the session itself never sends.
 */
export function recordedWebSocket(): {
  WebSocket: WebSocketConstructor;
  send(event: object): void;
} {
  let last: WebSocket | undefined;
  class Recorded extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      last = this;
    }
  }
  return { WebSocket: Recorded, send: (event: object) => last?.send(JSON.stringify(event)) };
}
