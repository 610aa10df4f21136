import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { WebSocketServer } from "ws";
import { isSwaramError } from "../../src/errors.js";
import { startDevServer } from "../../src/testing/devServer.js";
import {
  recordedWebSocket,
  recordInbound,
  TEXT_TURN,
  useDevServer,
  waitFor,
} from "./support/harness.js";

const server = useDevServer();

/** A token function that counts how often it was asked. */
function countingToken() {
  const calls = { count: 0 };
  const token = () => {
    calls.count += 1;
    return server.dev().mintToken();
  };
  return { calls, token };
}

describe("close codes", () => {
  it("4001 on a live session: mints one fresh token and reconnects", async () => {
    const { calls, token } = countingToken();
    const session = server.open({ token });
    await session.start();
    server.dev().faults.close(4001);
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    const state = await waitFor(session, (s) => s.status === "connected", "reconnected");
    expect(calls.count).toBe(2);
    expect(state.metrics.reconnects).toBe(1);
  });

  it("4001 again after the fresh mint: an auth error, no more retries", async () => {
    let calls = 0;
    const session = server.open({
      token: async () => {
        calls += 1;
        return "swaram_ek_not_a_real_token";
      },
    });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("auth");
    const state = session.store.getState();
    expect(state.status).toBe("error");
    expect(state.error).toMatchObject({ code: "auth", closeCode: 4001 });
    expect(state.error?.message).not.toContain("swaram_ek_not_a_real_token");
    expect(calls).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(2);
  });

  it("4003: a credits error, never retried", async () => {
    const { calls, token } = countingToken();
    const session = server.open({ token });
    await session.start();
    server.dev().faults.close(4003);
    const state = await waitFor(session, (s) => s.status === "error", "the credits error");
    expect(state.error).toMatchObject({ code: "credits", closeCode: 4003 });
    // The server's "The account is out of credits." would only repeat it.
    expect(state.error?.message).toBe("swaram: the account is out of credits.");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls.count).toBe(1);
    expect(session.store.getState().metrics.reconnects).toBe(0);
  });

  it("4003 with a server message that says more: the error keeps the server's words", async () => {
    const said = "The account is out of credits. Top up at https://swaram.live/billing";
    const refusing = new WebSocketServer({ port: 0 });
    refusing.on("connection", (socket) => {
      const error = { type: "insufficient_quota", code: "insufficient_credits", message: said };
      socket.send(JSON.stringify({ type: "error", error }), () => socket.close(4003, "credits"));
    });
    await new Promise((resolve) => refusing.once("listening", resolve));
    try {
      const { port } = refusing.address() as AddressInfo;
      const session = server.open({ baseUrl: `ws://127.0.0.1:${port}` });
      const failure = await session.start().catch((error: unknown) => error);
      expect(isSwaramError(failure) && failure.code).toBe("credits");
      expect(session.store.getState().error?.message).toBe(
        `swaram: the account is out of credits. (${said})`,
      );
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  /** A peer that configures the session, then plays `script` on the socket. */
  async function scriptedPeer(
    script: (socket: import("ws").WebSocket) => void,
    run: (baseUrl: string) => Promise<void>,
  ) {
    const peer = new WebSocketServer({ port: 0 });
    peer.on("connection", (socket) => {
      socket.once("message", () => {
        socket.send(JSON.stringify({ type: "session.updated", session: {} }), () => script(socket));
      });
    });
    await new Promise((resolve) => peer.once("listening", resolve));
    try {
      await run(`ws://127.0.0.1:${(peer.address() as AddressInfo).port}`);
    } finally {
      for (const client of peer.clients) client.terminate();
      await new Promise((resolve) => peer.close(resolve));
    }
  }

  it("a close right after an error event carries the server's words and code", async () => {
    const said = "Your session hit the maximum duration of 60 minutes.";
    await scriptedPeer(
      (socket) => {
        const error = { type: "invalid_request_error", code: "session_expired", message: said };
        socket.send(JSON.stringify({ type: "error", error }), () => socket.close(1008, "expired"));
      },
      async (baseUrl) => {
        const session = server.open({ baseUrl });
        await session.start();
        const state = await waitFor(session, (s) => s.status === "error", "the close error");
        expect(state.error).toMatchObject({
          code: "protocol",
          closeCode: 1008,
          serverCode: "session_expired",
        });
        expect(state.error?.message).toContain(said);
      },
    );
  });

  it("an error event followed by other events is not blamed for a later drop", async () => {
    const said = "The server had an error while processing your request.";
    await scriptedPeer(
      (socket) => {
        const error = { type: "server_error", code: "internal", message: said };
        socket.send(JSON.stringify({ type: "error", error }));
        socket.send(JSON.stringify({ type: "input_audio_buffer.speech_started" }), () =>
          socket.terminate(),
        );
      },
      async (baseUrl) => {
        const session = server.open({ baseUrl, reconnect: false });
        await session.start();
        const state = await waitFor(session, (s) => s.status === "error", "the drop");
        expect(state.error).toMatchObject({ code: "network", closeCode: 1006 });
        expect(state.error?.serverCode).toBeUndefined();
        expect(state.error?.message).not.toContain(said);
      },
    );
  });

  it("4008: a concurrency error when the plan's limit is reached, never retried", async () => {
    const capped = await startDevServer({ port: 0, quiet: true, speech: "tone", maxConcurrent: 1 });
    try {
      const first = server.open({ token: () => capped.mintToken(), baseUrl: capped.url });
      await first.start();
      let calls = 0;
      const second = server.open({
        token: () => {
          calls += 1;
          return capped.mintToken();
        },
        baseUrl: capped.url,
      });
      const failure = await second.start().catch((error: unknown) => error);
      expect(isSwaramError(failure) && failure.code).toBe("concurrency");
      expect(second.store.getState().error).toMatchObject({ code: "concurrency", closeCode: 4008 });
      // The server's message says nothing the kit's does not: it is not repeated.
      expect(second.store.getState().error?.message).toBe(
        "swaram: too many concurrent connections for the plan.",
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toBe(1);
      expect(first.store.getState().status).toBe("connected");
    } finally {
      await capped.close();
    }
  });

  const transient: [string, number, (dev: ReturnType<typeof server.dev>) => void][] = [
    ["1013 (busy)", 1013, (dev) => dev.faults.close(1013)],
    ["1006 (connection dropped)", 1006, (dev) => dev.faults.drop()],
    ["1011 (server_error)", 1011, (dev) => dev.faults.serverError()],
    ["1012 (service restart)", 1012, (dev) => dev.faults.close(1012)],
  ];

  it.each(transient)(
    "%s: reconnects with backoff, a fresh token and the configuration re-sent",
    async (_name, code, fault) => {
      const dev = server.dev();
      const { calls, token } = countingToken();
      const inbound = recordInbound(dev);
      const session = server.open({
        token,
        session: { instructions: "ചുരുക്കി പറയുക.", voice: "mal-male" },
      });
      await session.start();
      const firstId = dev.sessions().at(-1)?.id;
      fault(dev);
      const waiting = await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
      expect(waiting).toMatchObject({ status: "reconnecting", attempt: 1, retryInMs: 20 });
      expect(waiting.error).toMatchObject({
        closeCode: code,
        code: code === 1013 ? "busy" : "network",
      });
      await waitFor(session, (s) => s.status === "connected", "reconnected");
      inbound.off();

      expect(calls.count).toBe(2);
      const secondId = dev.sessions().at(-1)?.id;
      expect(secondId).not.toBe(firstId);
      const updates = inbound
        .ofType("session.update")
        .filter((e) => e.sessionId === firstId || e.sessionId === secondId);
      expect(updates.map((e) => e.sessionId)).toEqual([firstId, secondId]);
      expect(dev.sessions().find((s) => s.id === secondId)?.config).toMatchObject({
        instructions: "ചുരുക്കി പറയുക.",
        voice: "mal-male",
      });
      expect(session.store.getState().metrics.reconnects).toBe(1);
    },
  );

  it("an error event without a close (a text turn, which swaram refuses) is shown and the session stays up", async () => {
    const raw = recordedWebSocket();
    const session = server.open({ WebSocket: raw.WebSocket });
    await session.start();
    raw.send(TEXT_TURN);
    const state = await waitFor(session, (s) => s.error !== null, "the error event");
    expect(state.status).toBe("connected");
    expect(state.error).toMatchObject({
      code: "protocol",
      serverCode: "text_input_not_supported",
    });
  });

  it("a cancel with no reply to cancel (a late interrupt) is refused by the server but not shown", async () => {
    const raw = recordedWebSocket();
    const session = server.open({ WebSocket: raw.WebSocket });
    const refusals: string[] = [];
    session.on("error", (event) => refusals.push(String(event.error?.code)));
    await session.start();
    raw.send({ type: "response.cancel" });
    await vi.waitFor(() => expect(refusals).toEqual(["response_cancel_not_active"]));
    expect(session.store.getState()).toMatchObject({ status: "connected", error: null });
  });

  it("a reply asked for while one runs is refused by the server but not shown as an error", async () => {
    const session = server.open();
    const refusals: string[] = [];
    session.on("error", (event) => refusals.push(String(event.error?.code)));
    await session.start();
    session.greet();
    session.greet();
    await vi.waitFor(() => expect(refusals).toEqual(["conversation_already_has_active_response"]));
    expect(session.store.getState()).toMatchObject({ status: "connected", error: null });
  });
});
