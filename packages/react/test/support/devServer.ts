import type { SessionState, SwaramSession, SwaramSessionOptions } from "@swaram/client";
import {
  type DevServer,
  type DevServerOptions,
  startDevServer,
} from "@swaram/client/testing/dev-server";
import { afterAll, beforeAll } from "vitest";
import WebSocket from "ws";

/** One dev server per test file (real sockets, tone speech, quick turns). */
export function withDevServer(options: DevServerOptions = {}) {
  let dev: DevServer | null = null;
  beforeAll(async () => {
    dev = await startDevServer({
      port: 0,
      quiet: true,
      speech: "tone",
      turnDelayMs: 50,
      ...options,
    });
  });
  afterAll(async () => {
    await dev?.close();
  });
  return () => {
    if (!dev) throw new Error("dev server not started");
    return dev;
  };
}

/** Session options against the dev server: a token minted per connect, `ws`, no reconnect delay. */
export function sessionOptions(
  dev: DevServer,
  extra: Partial<SwaramSessionOptions> = {},
): SwaramSessionOptions {
  return {
    token: () => dev.mintToken(),
    baseUrl: dev.wsUrl,
    WebSocket,
    audio: null,
    reconnect: false,
    ...extra,
  };
}

/** Resolves with the state once `predicate` holds. */
export function untilState(
  session: SwaramSession,
  predicate: (state: SessionState) => boolean,
  what = "the expected state",
  timeoutMs = 15_000,
): Promise<SessionState> {
  return new Promise((resolve, reject) => {
    let off: () => void = () => undefined;
    const timer = setTimeout(() => {
      off();
      const s = session.store.getState();
      reject(
        new Error(`Timed out waiting for ${what}; status ${s.status}, activity ${s.activity}`),
      );
    }, timeoutMs);
    const check = (state: SessionState) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      off();
      resolve(state);
    };
    off = session.store.subscribe(check);
    check(session.store.getState());
  });
}

/** Client events the dev server received, by type. */
export function recordInbound(dev: DevServer) {
  const events: Record<string, unknown>[] = [];
  const off = dev.onEvent((e) => {
    if (e.direction === "in") events.push(e.event);
  });
  return { off, ofType: (type: string) => events.filter((e) => e.type === type) };
}
