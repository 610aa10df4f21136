import { describe, expect, it, vi } from "vitest";
import { isSwaramError } from "../../src/errors.js";
import type { SessionConfig } from "../../src/protocol/events.js";
import { createSwaramSession } from "../../src/session/createSwaramSession.js";
import type { ToolCallMessage } from "../../src/session/types.js";
import { createScriptedAudio, silenceFrames, speechFrames } from "../../src/testing/index.js";
import { createToolRegistry } from "../../src/tools/toolRegistry.js";
import { recordedWebSocket, TEXT_TURN, useDevServer, waitFor } from "./support/harness.js";

const server = useDevServer();
const never = { setTimeout: () => 0, clearTimeout: () => undefined };

/** A value whose conversion to a string throws: no prototype, so no toString. */
const bare = () => Object.create(null) as object;

describe("options a developer got wrong are refused when the session is made", () => {
  it.each([
    ["toolTimeoutMs", { toolTimeoutMs: Number.POSITIVE_INFINITY }],
    ["toolTimeoutMs", { toolTimeoutMs: 3e9 }],
    ["connectTimeoutMs", { connectTimeoutMs: Number.NaN }],
    ["connectTimeoutMs", { connectTimeoutMs: -1 }],
    ["maxBufferedBytes", { maxBufferedBytes: -1 }],
    ["reconnect.initialDelayMs", { reconnect: { initialDelayMs: Number.NaN } }],
    ["reconnect.maxAttempts", { reconnect: { maxAttempts: -1 } }],
    ["reconnect.jitter", { reconnect: { jitter: 2 } }],
  ])("%s out of range: a RangeError naming it", (name, options) => {
    expect(() => server.open(options)).toThrow(
      new RegExp(`^${name.replace(".", "\\.")} must be \\d+ to `),
    );
    expect(() => server.open(options)).toThrow(RangeError);
  });

  it("turns other than server-vad or push-to-talk", () => {
    expect(() => server.open({ turns: "vad" as "server-vad" })).toThrow(
      'turns must be "server-vad" or "push-to-talk", got vad',
    );
  });

  it.each([undefined, "", "   ", 42])("token %j", (token) => {
    expect(() =>
      createSwaramSession({ token: token as string, audio: null, isBrowser: () => false }),
    ).toThrow(new TypeError("token must be a token URL, a swaram_ek_ token or a function."));
  });

  it("a tool entry without a handler, and registerTool without one", () => {
    const tools = { lookup: undefined } as unknown as Record<string, () => unknown>;
    expect(() => server.open({ tools })).toThrow('Tool "lookup" needs a name and a handler');
    const session = server.open();
    expect(() => session.registerTool("lookup", 42 as unknown as () => unknown)).toThrow(TypeError);
    expect(() => session.registerTool("", () => 1)).toThrow(TypeError);
    expect(() => session.registerTool("lookup", () => 1, { timeoutMs: 0 })).toThrow(
      "timeoutMs must be 1 to 2147483647, got 0",
    );
  });
});

describe("a connection the options cannot make fails start() with a typed error, before any token", () => {
  it.each([
    ["a key in the query", (url: string) => `${url}?api_key=swaram_${"k".repeat(8)}`],
    ["credentials", (url: string) => url.replace("//", `//user:swaram_${"k".repeat(8)}@`)],
    ["another scheme", (url: string) => url.replace(/^http/, "ftp")],
    ["no URL at all", () => "not a url"],
  ])("baseUrl with %s", async (_, baseUrl) => {
    let tokens = 0;
    const session = server.open({
      baseUrl: baseUrl(server.dev().url),
      token: () => {
        tokens += 1;
        return server.dev().mintToken();
      },
    });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("protocol");
    expect((failure as Error).message).toBe(
      "baseUrl must be an http(s) or ws(s) URL, without credentials or a query.",
    );
    expect(session.store.getState().status).toBe("error");
    expect(tokens).toBe(0);
  });

  it("a WebSocket option that is not a constructor (import * as ws)", async () => {
    const session = server.open({ WebSocket: {} as never });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("unsupported-browser");
    expect((failure as Error).message).toBe(
      'No WebSocket constructor: in Node, pass { WebSocket } from "ws".',
    );
  });
});

describe("an audio option that is not an audio interface", () => {
  it("fails start() with a typed error, and the release finishes (no unhandled rejection)", async () => {
    const session = server.open({ audio: {} as never });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("mic-unavailable");
    expect((failure as Error).message).toMatch(/^Audio failed to start: /);
    // The release ran to its end: a new start() is possible and fails the same way.
    const again = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(again) && again.code).toBe("mic-unavailable");
    expect(session.store.getState().status).toBe("error");
  });
});

describe("thrown values without a message", () => {
  it("a token function throwing an object without a prototype fails start() with a SwaramError", async () => {
    const session = server.open({
      token: () => {
        throw bare();
      },
    });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("token-endpoint");
    expect(session.store.getState().error?.code).toBe("token-endpoint");
  });

  it("a token function throwing { message } keeps that message", async () => {
    const session = server.open({
      token: () => {
        throw { message: "the session cookie expired" };
      },
    });
    const failure = await session.start().catch((error: unknown) => error);
    expect((failure as Error).message).toContain("the session cookie expired");
  });

  it.each([
    ["throws an object without a prototype", () => Promise.reject(bare())],
    ["returns a function", () => () => 1],
    ["returns a symbol", () => Symbol("x")],
  ])("a tool handler that %s gives an error outcome with JSON output", async (_, handler) => {
    const tools = createToolRegistry(1_000, never);
    tools.register("lookup", handler as () => unknown);
    const outcome = await tools.run({ name: "lookup", callId: "c1", arguments: {} });
    expect(outcome.status).toBe("error");
    expect(JSON.parse(outcome.output)).toEqual({ error: expect.any(String) });
  });

  it("a handler returning a function: the model gets an error output and the turn goes on", async () => {
    const dev = server.dev();
    dev.script.toolCall("lookup", {});
    const audio = createScriptedAudio({
      frames: [...speechFrames(500), ...silenceFrames(700)],
      realtime: false,
      playback: "instant",
    });
    const session = server.open({ audio, tools: { lookup: () => () => 1 } });
    await session.start();
    const state = await waitFor(
      session,
      (s) =>
        s.messages.some((m) => m.role === "tool" && m.status === "error") &&
        s.messages.some((m) => m.role === "agent" && m.status === "complete"),
      "the failed call and the spoken answer",
    );
    const tool = state.messages.find((m): m is ToolCallMessage => m.role === "tool");
    expect(tool?.result).toEqual({ error: "The result is not JSON." });
    await waitFor(session, (s) => s.activity === "listening", "listening again");
  });
});

describe("configure() with settings the server rejects", () => {
  it("sets a protocol error and is dropped, so a reconnect still connects", async () => {
    const dev = server.dev();
    const session = server.open({ session: { voice: "mal-female" } });
    await session.start();
    session.configure({ voice: "robot" });
    const refused = await waitFor(session, (s) => s.error !== null, "the refusal");
    expect(refused).toMatchObject({ status: "connected", error: { code: "protocol" } });

    dev.faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    const after = await waitFor(session, (s) => /connected|error/.test(s.status), "reconnected");
    expect(after.status).toBe("connected");
    expect(dev.sessions().at(-1)?.config.voice).toBe("mal-female");
  });

  it("only the refused request is taken back: a locked one and an invalid one sent together", async () => {
    const dev = server.dev();
    const session = server.open({
      token: () => dev.mintToken({ session: { voice: "mal-female" } }),
      session: { instructions: "ഹ്രസ്വമായി പറയുക." },
    });
    await session.start();
    // Locked by the token: refused (error, then session.updated), kept for later connects.
    session.configure({ voice: "mal-male" });
    // Invalid: refused, and taken back.
    session.configure({ voice: "robot" as "mal-male" });
    await waitFor(session, (s) => s.error?.code === "protocol", "the invalid refusal");
    dev.faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    const after = await waitFor(session, (s) => /^(connected|error)$/.test(s.status), "settled");
    expect(after.status).toBe("connected");
    expect(after.error?.code).toBe("config-locked");
  });

  it("an unrelated error while a valid configure() is on its way takes nothing back", async () => {
    const dev = server.dev();
    const raw = recordedWebSocket();
    const session = server.open({ session: { voice: "mal-female" }, WebSocket: raw.WebSocket });
    await session.start();
    // Refused by the server (swaram takes no text turns): its error comes before the answer to
    // the update sent right after it.
    raw.send(TEXT_TURN);
    session.configure({ voice: "mal-male" });
    await waitFor(
      session,
      (s) => s.error?.serverCode === "text_input_not_supported",
      "the refusal",
    );
    await waitFor(session, (s) => s.config?.voice === "mal-male", "the accepted voice");
    dev.faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    await waitFor(session, (s) => s.status === "connected", "reconnected");
    expect(dev.sessions().at(-1)?.config.voice).toBe("mal-male");
  });

  it.each([
    [
      "two refused values of one setting: neither comes back",
      [{ voice: "robot1" }, { voice: "robot2" }],
      "mal-female",
      "ഹലോ",
    ],
    [
      "a refused call does not take back what a later, accepted one repeats",
      [
        { voice: "robot", instructions: "പുതിയത്" },
        { voice: "mal-male", instructions: "പുതിയത്" },
      ],
      "mal-male",
      "പുതിയത്",
    ],
  ])("%s", async (_, calls, voice, instructions) => {
    const dev = server.dev();
    const session = server.open({ session: { voice: "mal-female", instructions: "ഹലോ" } });
    await session.start();
    const refusals: unknown[] = [];
    session.on("error", (event) => refusals.push(event.error?.code));
    for (const settings of calls) session.configure(settings as SessionConfig);
    await vi.waitFor(() =>
      expect(refusals.length).toBe(calls.filter((c) => /robot/.test(c.voice)).length),
    );
    dev.faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    const after = await waitFor(session, (s) => /^(connected|error)$/.test(s.status), "settled");
    expect(after.status).toBe("connected");
    expect(dev.sessions().at(-1)?.config).toMatchObject({ voice, instructions });
  });

  it.each(["a reconnect", "a stop and start"])(
    "a configure() with no socket, after %s, wins over one sent on the last socket",
    async (between) => {
      const dev = server.dev();
      const session = server.open({ session: { voice: "mal-female" } });
      await session.start();
      session.configure({ voice: "mal-male" });
      await waitFor(session, (s) => s.config?.voice === "mal-male", "the accepted voice");
      if (between === "a reconnect") {
        dev.faults.drop();
        await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
        session.configure({ voice: "mal-female" });
        await waitFor(session, (s) => s.status === "connected", "reconnected");
      } else {
        await session.stop();
        session.configure({ voice: "mal-female" });
        await session.start();
      }
      expect(dev.sessions().at(-1)?.config.voice).toBe("mal-female");
    },
  );

  it("accepted settings are kept for later connects", async () => {
    const dev = server.dev();
    const session = server.open({ session: { voice: "mal-female" } });
    await session.start();
    session.configure({ voice: "mal-male" });
    await waitFor(session, (s) => s.config?.voice === "mal-male", "the accepted voice");
    dev.faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    await waitFor(session, (s) => s.status === "connected", "reconnected");
    expect(dev.sessions().at(-1)?.config.voice).toBe("mal-male");
  });
});
