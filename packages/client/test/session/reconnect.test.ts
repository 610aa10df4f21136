import type { AddressInfo, Socket } from "node:net";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { isSwaramError } from "../../src/errors.js";
import { type DevServer, startDevServer } from "../../src/testing/devServer.js";
import { useDevServer, waitFor } from "./support/harness.js";
import { createManualClock } from "./support/manualClock.js";

const server = useDevServer();

/** The URL of a port where nothing listens any more (connections are refused → 1006). */
async function deadServer(): Promise<DevServer> {
  const dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
  await dev.close();
  return dev;
}

/**
 * A session on a dev server of its own (which the test then closes under the connection), with
 * a manual clock: the first token is real, later ones are never accepted anyway.
 */
async function onDyingServer(options: Parameters<typeof server.open>[0] = {}) {
  const dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
  const clock = createManualClock();
  let tokens = 0;
  const session = server.open({
    baseUrl: dev.url,
    token: async () => {
      tokens += 1;
      return tokens === 1 ? dev.mintToken() : "swaram_ek_unused";
    },
    clock,
    ...options,
  });
  return { dev, clock, session, tokens: () => tokens };
}

describe("reconnect backoff", () => {
  it("a first connection that never opens fails at once with a network error naming the URL", async () => {
    const dead = await deadServer();
    const clock = createManualClock();
    let tokens = 0;
    const statuses: string[] = [];
    const session = server.open({
      baseUrl: dead.url,
      token: async () => {
        tokens += 1;
        return "swaram_ek_unused";
      },
      clock,
    });
    session.store.subscribe((s) => statuses.push(s.status));
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("network");
    expect(failure).toMatchObject({ closeCode: 1006, retryable: true });
    const message = (failure as Error).message;
    expect(message).toContain(`${dead.url.replace(/^http/, "ws")}/v1/realtime?model=`);
    expect(message).not.toContain("swaram_ek_unused");
    expect(statuses).not.toContain("reconnecting");
    expect(session.store.getState().status).toBe("error");
    expect(tokens).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it("a first socket whose upgrade is never answered fails at the connect timeout, saying so", async () => {
    // Accepts TCP, never answers the WebSocket upgrade.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const session = server.open({ baseUrl: `http://127.0.0.1:${port}`, connectTimeoutMs: 300 });
      const failure = await session.start().catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "network", retryable: true });
      expect((failure as Error).message).toBe(
        `Could not open ws://127.0.0.1:${port}/v1/realtime?model=mal-realtime-simple; no answer within 300 ms.`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("after a drop, waits 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s between attempts, then gives up with a network error", async () => {
    const { dev, clock, session, tokens } = await onDyingServer({ reconnect: { jitter: 0 } });
    await session.start();
    const ended = waitFor(session, (s) => s.status === "error", "giving up").catch(
      (error: unknown) => error,
    );
    await dev.close();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const state = await waitFor(
        session,
        (s) => s.status === "reconnecting" && s.attempt === attempt,
        `reconnect attempt ${attempt}`,
      );
      if (state.status === "reconnecting") delays.push(state.retryInMs);
      expect(clock.delays()).toContain(state.status === "reconnecting" ? state.retryInMs : -1);
      clock.advance(state.status === "reconnecting" ? state.retryInMs : 0);
    }
    await ended;
    const { error } = session.store.getState();
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(error?.code).toBe("network");
    expect(error?.message).toMatch(/Gave up after 6 reconnects\./);
    expect(tokens()).toBe(7);
    expect(clock.pending()).toBe(0);
  });

  it("stop() during the backoff ends it at once: no more attempts, no timer left", async () => {
    const { dev, clock, session, tokens } = await onDyingServer();
    await session.start();
    await dev.close();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    await session.stop();
    expect(session.store.getState().status).toBe("closed");
    expect(clock.pending()).toBe(0);
    clock.advance(60_000);
    expect(tokens()).toBe(1);
  });

  it("a flapping server: backoff keeps growing while no connection lasts, then gives up", async () => {
    const dev = server.dev();
    const off = dev.onEvent((e) => {
      if (e.direction === "out" && e.event.type === "session.updated")
        setTimeout(() => dev.faults.close(1011), 5);
    });
    try {
      let tokens = 0;
      const session = server.open({
        token: () => {
          tokens += 1;
          return dev.mintToken();
        },
        reconnect: {
          initialDelayMs: 10,
          maxDelayMs: 40,
          maxAttempts: 3,
          jitter: 0,
          stablePeriodMs: 10_000,
        },
      });
      const delays: number[] = [];
      session.store.subscribe((s) => {
        if (s.status === "reconnecting" && s.retryInMs !== delays.at(-1)) delays.push(s.retryInMs);
      });
      await session.start();
      const state = await waitFor(session, (s) => s.status === "error", "giving up");
      expect(delays).toEqual([10, 20, 40]);
      expect(state.error).toMatchObject({ code: "network", closeCode: 1011 });
      expect(tokens).toBe(4);
      expect(state.metrics.reconnects).toBe(3);
    } finally {
      off();
    }
  });

  it("connections that last the stable period reset the backoff, so drops spread over time never give up", async () => {
    const dev = server.dev();
    const session = server.open({
      reconnect: { initialDelayMs: 10, maxAttempts: 1, jitter: 0, stablePeriodMs: 100 },
    });
    await session.start();
    for (let drop = 1; drop <= 3; drop++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      dev.faults.drop();
      const state = await waitFor(session, (s) => s.status === "reconnecting", `drop ${drop}`);
      expect(state).toMatchObject({ attempt: 1, retryInMs: 10 });
      await waitFor(session, (s) => s.status === "connected", `reconnect ${drop}`);
    }
    expect(session.store.getState().metrics.reconnects).toBe(3);
  });

  it("reconnect: false surfaces the drop as an error at once", async () => {
    const session = server.open({ reconnect: false });
    await session.start();
    server.dev().faults.drop();
    const state = await waitFor(session, (s) => s.status === "error", "the error");
    expect(state.error).toMatchObject({ code: "network", closeCode: 1006 });
    expect(state.metrics.reconnects).toBe(0);
  });
});

describe("token expiry", () => {
  it("a fresh token is minted on reconnect, so an expired one never matters", async () => {
    const shortLived = await startDevServer({
      port: 0,
      quiet: true,
      speech: "tone",
      tokenTtlMs: 200,
    });
    try {
      let tokens = 0;
      const session = server.open({
        baseUrl: shortLived.url,
        token: () => {
          tokens += 1;
          return shortLived.mintToken();
        },
      });
      await session.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      shortLived.faults.drop();
      await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
      const state = await waitFor(session, (s) => s.status === "connected", "reconnected");
      expect(tokens).toBe(2);
      expect(state.error).toBeNull();
    } finally {
      await shortLived.close();
    }
  });

  it("a fixed token that expired before the reconnect: one retry, then an auth error", async () => {
    const shortLived = await startDevServer({
      port: 0,
      quiet: true,
      speech: "tone",
      tokenTtlMs: 200,
    });
    try {
      const token = await shortLived.mintToken();
      const session = server.open({ baseUrl: shortLived.url, token });
      await session.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      shortLived.faults.drop();
      const state = await waitFor(session, (s) => s.status === "error", "the auth error");
      expect(state.error).toMatchObject({ code: "auth", closeCode: 4001 });
      expect(state.error?.message).not.toContain(token);
      expect(state.metrics.reconnects).toBe(2);
    } finally {
      await shortLived.close();
    }
  });
});
