import { describe, expect, it } from "vitest";
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
