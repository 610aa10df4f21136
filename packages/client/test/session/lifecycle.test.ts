import { describe, expect, it } from "vitest";
import type { AudioIO } from "../../src/audio/types.js";
import { isSwaramError, SwaramError } from "../../src/errors.js";
import { createScriptedAudio, silenceFrames, speechFrames } from "../../src/testing/index.js";
import { useDevServer, waitFor } from "./support/harness.js";
import { createManualClock } from "./support/manualClock.js";

const server = useDevServer();

/** Resolves once the dev server holds exactly `count` live sessions. */
async function liveSessions(count: number): Promise<number> {
  const dev = server.dev();
  for (let i = 0; i < 200 && dev.sessions().length !== count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return dev.sessions().length;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("start and stop", () => {
  it("stop() during the token fetch aborts it and never opens a socket", async () => {
    const gate = deferred<void>();
    let aborted = false;
    const session = server.open({
      token: async ({ signal }) => {
        signal.addEventListener("abort", () => {
          aborted = true;
        });
        await gate.promise;
        return server.dev().mintToken();
      },
    });
    const started = session.start();
    expect(session.store.getState().status).toBe("connecting");
    await session.stop();
    gate.resolve();
    await started;
    expect(aborted).toBe(true);
    expect(session.store.getState().status).toBe("closed");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.dev().sessions()).toHaveLength(0);
  });

  it("stop() while the socket is opening closes it and start() resolves", async () => {
    const dev = server.dev();
    dev.faults.delay(300);
    try {
      const session = server.open();
      const started = session.start();
      expect(await liveSessions(1)).toBe(1);
      expect(session.store.getState().status).toBe("connecting");
      await session.stop();
      await started;
      expect(session.store.getState().status).toBe("closed");
      expect(await liveSessions(0)).toBe(0);
    } finally {
      dev.faults.delay(0);
    }
  });

  it("start, stop, start leaves exactly one socket and ends connected", async () => {
    const session = server.open();
    const first = session.start();
    const stopped = session.stop();
    const second = session.start();
    await Promise.all([first, stopped, second]);
    expect(session.store.getState().status).toBe("connected");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await liveSessions(1)).toBe(1);
  });

  it("start() twice shares one connection", async () => {
    let tokens = 0;
    const session = server.open({
      token: () => {
        tokens += 1;
        return server.dev().mintToken();
      },
    });
    await Promise.all([session.start(), session.start()]);
    await session.start();
    expect(tokens).toBe(1);
    expect(await liveSessions(1)).toBe(1);
  });

  it("stop() is idempotent and a stopped session can start again with a fresh conversation", async () => {
    const session = server.open();
    await session.start();
    session.greet();
    await waitFor(session, (s) => s.messages.length > 0, "the greeting");
    await session.stop();
    await session.stop();
    expect(session.store.getState().status).toBe("closed");
    await session.start();
    expect(session.store.getState()).toMatchObject({
      status: "connected",
      messages: [],
      error: null,
    });
  });

  it("a microphone failure fails start() with its typed error and leaves no socket", async () => {
    const audio = createScriptedAudio({
      startError: new SwaramError("mic-permission", "Microphone access was denied."),
    });
    const session = server.open({ audio });
    const failure = await session.start().catch((error: unknown) => error);
    expect(isSwaramError(failure) && failure.code).toBe("mic-permission");
    expect(session.store.getState()).toMatchObject({
      status: "error",
      error: { code: "mic-permission" },
    });
    expect(await liveSessions(0)).toBe(0);
  });

  it("an audio failure after start ends the session with that error", async () => {
    const audio = createScriptedAudio();
    const session = server.open({ audio });
    await session.start();
    audio.fail(new SwaramError("mic-unavailable", "The microphone was unplugged."));
    expect(session.store.getState()).toMatchObject({
      status: "error",
      error: { code: "mic-unavailable" },
    });
    expect(audio.running).toBe(false);
    expect(await liveSessions(0)).toBe(0);
  });
});

describe("dispose", () => {
  it("leaves nothing behind: no socket, the mic released, no timer, no listener", async () => {
    const dev = server.dev();
    const clock = createManualClock();
    const audio = createScriptedAudio({ frames: [...speechFrames(400), ...silenceFrames(700)] });
    let toolStarted = false;
    let toolSignal: AbortSignal | null = null;
    dev.script.toolCall("slow_lookup", {});
    const session = server.open({
      audio,
      clock,
      session: { tools: [{ type: "function", name: "slow_lookup" }] },
      tools: {
        slow_lookup: (_args, { signal }) => {
          toolStarted = true;
          toolSignal = signal;
          return new Promise(() => {});
        },
      },
    });
    let events = 0;
    session.on("*", () => {
      events += 1;
    });
    let levelCalls = 0;
    session.levels.subscribe(() => {
      levelCalls += 1;
    });
    await session.start();
    await waitFor(session, () => toolStarted, "the tool call to be running");
    expect(clock.pending()).toBeGreaterThan(0); // the tool's timeout

    await session.dispose();
    const eventsAtDispose = events;
    const levelsAtDispose = levelCalls;

    expect(await liveSessions(0)).toBe(0);
    expect(audio.running).toBe(false);
    expect(audio.stops).toBe(audio.starts);
    expect(clock.pending()).toBe(0);
    expect((toolSignal as AbortSignal | null)?.aborted).toBe(true);
    expect(session.store.getState().status).toBe("closed");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toBe(eventsAtDispose);
    expect(levelCalls).toBe(levelsAtDispose);
    await expect(session.start()).rejects.toThrow(/disposed/);
  });
});

describe("store subscribers that start or stop", () => {
  it("start() from a subscriber that sees `closed` resolves once that new run is connected", async () => {
    const session = server.open();
    await session.start();
    let restarted: Promise<void> | null = null;
    const off = session.store.subscribe((state, previous) => {
      if (state.status === "closed" && previous.status !== "closed" && !restarted) {
        restarted = session.start();
      }
    });
    await session.stop();
    off();
    expect(restarted).not.toBeNull();
    await restarted;
    expect(session.store.getState().status).toBe("connected");
    expect(await liveSessions(1)).toBe(1);
  });

  it("a retry from a subscriber that sees `error` (after close 4003) is not failed with the old error", async () => {
    const session = server.open({ reconnect: false });
    await session.start();
    let again: Promise<void> | null = null;
    const off = session.store.subscribe((state, previous) => {
      if (state.status === "error" && previous.status !== "error" && !again)
        again = session.start();
    });
    server.dev().faults.close(4003);
    await waitFor(session, () => again !== null, "the subscriber's retry");
    off();
    await expect(again).resolves.toBeUndefined();
    expect(session.store.getState()).toMatchObject({ status: "connected", error: null });
  });

  it("stop() from a subscriber that sees `connecting` settles start() and fetches no token", async () => {
    let tokens = 0;
    const session = server.open({
      token: () => {
        tokens += 1;
        return server.dev().mintToken();
      },
    });
    let stopping: Promise<void> | null = null;
    const off = session.store.subscribe((state) => {
      if (state.status === "connecting" && !stopping) stopping = session.stop();
    });
    let settled = false;
    const started = session.start().then(() => {
      settled = true;
    });
    off();
    await stopping;
    expect(settled).toBe(true);
    await started;
    expect(session.store.getState().status).toBe("closed");
    expect(tokens).toBe(0);
    expect(await liveSessions(0)).toBe(0);
  });
});

describe("audio that takes long to start (a permission prompt)", () => {
  /** A scripted engine whose start() waits for `gate`, as getUserMedia waits for the user. */
  function slowAudio() {
    const gate = deferred<void>();
    const scripted = createScriptedAudio({ playback: "instant" });
    const audio: AudioIO = {
      start: async (sink) => {
        await gate.promise;
        await scripted.start(sink);
      },
      stop: () => scripted.stop(),
      play: (chunk) => scripted.play(chunk),
      flush: (responseId) => scripted.flush(responseId),
      setCaptureEnabled: (enabled) => scripted.setCaptureEnabled(enabled),
    };
    return { audio, scripted, allow: () => gate.resolve() };
  }

  it("start() stays connecting until audio runs; then a greeting is heard and the agent yields the floor", async () => {
    const { audio, scripted, allow } = slowAudio();
    const session = server.open({ audio });
    const ready = new Promise<void>((resolve) => session.on("session.updated", () => resolve()));
    let settled = false;
    const started = session.start().then(() => {
      settled = true;
    });
    await ready;
    expect(session.store.getState().status).toBe("connecting");
    expect(settled).toBe(false);

    allow();
    await started;
    expect(scripted.running).toBe(true);
    expect(session.store.getState()).toMatchObject({ status: "connected", activity: "listening" });
    expect(session.store.getState().metrics.connectMs).not.toBeNull();

    session.greet();
    const state = await waitFor(
      session,
      (s) =>
        s.messages.some((m) => m.role === "agent" && m.status === "complete") &&
        s.activity === "listening",
      "the greeting, then listening",
    );
    expect(state.messages.filter((m) => m.role === "agent")).toHaveLength(1);
    expect(scripted.played.length).toBeGreaterThan(0);
    expect(scripted.queuedMs).toBe(0);
  });

  it("stop() while audio is still starting ends the attempt and its socket", async () => {
    const { audio, allow } = slowAudio();
    const session = server.open({ audio });
    const ready = new Promise<void>((resolve) => session.on("session.updated", () => resolve()));
    const started = session.start();
    await ready;
    await session.stop();
    await started;
    allow();
    expect(session.store.getState().status).toBe("closed");
    expect(await liveSessions(0)).toBe(0);
  });
});

describe("a token source that never answers", () => {
  it("fails the first start() once connectTimeoutMs has passed, aborting the fetch", async () => {
    const clock = createManualClock();
    let signal: AbortSignal | null = null;
    const session = server.open({
      clock,
      connectTimeoutMs: 5_000,
      token: (context) => {
        signal = context.signal;
        return new Promise<string>(() => {});
      },
    });
    const failure = session.start().catch((error: unknown) => error);
    expect(clock.delays()).toEqual([5_000]);
    clock.advance(5_000);
    const error = await failure;
    expect(isSwaramError(error) && error.code).toBe("token-endpoint");
    expect(session.store.getState()).toMatchObject({
      status: "error",
      error: { code: "token-endpoint", message: expect.stringMatching(/within 5000 ms/) },
    });
    expect((signal as AbortSignal | null)?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it("on a reconnect, retries with backoff and connects once a token comes", async () => {
    const clock = createManualClock();
    const answers: Array<"mint" | "stall"> = ["mint", "stall", "mint"];
    const session = server.open({
      clock,
      connectTimeoutMs: 5_000,
      reconnect: { initialDelayMs: 100, jitter: 0 },
      token: () =>
        answers.shift() === "stall" ? new Promise<string>(() => {}) : server.dev().mintToken(),
    });
    await session.start();
    server.dev().faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting" && s.attempt === 1, "attempt 1");
    clock.advance(100); // the first retry: its token stalls
    expect(clock.delays()).toEqual([5_000]);
    clock.advance(5_000);
    const retry = await waitFor(
      session,
      (s) => s.status === "reconnecting" && s.attempt === 2,
      "attempt 2",
    );
    expect(retry.error).toMatchObject({ code: "token-endpoint" });
    clock.advance(retry.status === "reconnecting" ? retry.retryInMs : 0);
    await waitFor(session, (s) => s.status === "connected", "reconnected");
    expect(answers).toHaveLength(0);
  });
});
