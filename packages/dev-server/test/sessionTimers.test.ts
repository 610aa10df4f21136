/**
 * A session's timers end with it: a client that closes while the server still holds a delayed
 * transcript, delayed events or a delayed close leaves no timer running in the process.
 */
import { type AsyncHook, createHook } from "node:async_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { type DevServer, type DevServerOptions, startDevServer } from "../src/index.js";
import { appendAudio, connect, silence } from "./helpers.js";

/** Longer than any test, and unlike any other timer in the process (ws, vitest). */
const DELAY_MS = 45_000;

/**
 * Timers of about `DELAY_MS` that the process holds: created (async_hooks `init`) and neither
 * fired nor cleared yet (`destroy`). `_idleTimeout` is the delay Node keeps on a `Timeout`.
 */
function watchLongTimers(): { pending: Set<number>; hook: AsyncHook } {
  const pending = new Set<number>();
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      const ms = (resource as { _idleTimeout?: unknown })._idleTimeout;
      if (type === "Timeout" && typeof ms === "number" && ms > DELAY_MS - 5_000 && ms <= DELAY_MS)
        pending.add(asyncId);
    },
    destroy(asyncId) {
      pending.delete(asyncId);
    },
  });
  hook.enable();
  return { pending, hook };
}

async function until(what: string, condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let dev: DevServer | undefined;
let hook: AsyncHook | undefined;
const start = async (options: DevServerOptions = {}) => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone", turnDelayMs: 10, ...options });
  return dev;
};
afterEach(async () => {
  hook?.disable();
  hook = undefined;
  await dev?.close();
  dev = undefined;
});

describe("timers of a closed session", () => {
  it("clears a delayed transcript's timer when the client closes before it is due", async () => {
    const d = await start({ transcriptDelayMs: DELAY_MS });
    const watch = watchLongTimers();
    hook = watch.hook;
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "session.update", session: { turn_detection: null } });
    await c.next("session.updated");
    appendAudio(c, silence(300));
    c.send({ type: "input_audio_buffer.commit" });
    await c.next("input_audio_buffer.committed");
    expect(watch.pending.size).toBe(1); // the transcript, due in 45 s
    c.ws.close();
    await c.closed;
    await until("the server has let the session go", () => d.sessions().length === 0);
    await until("no timer of the session is left", () => watch.pending.size === 0).catch(() => {});
    expect(watch.pending.size).toBe(0);
    expect(
      c.events.some((e) => e.type === "conversation.item.input_audio_transcription.completed"),
    ).toBe(false);
  });

  it("clears delayed events and a delayed close when the client closes first", async () => {
    const d = await start();
    const watch = watchLongTimers();
    hook = watch.hook;
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    await c.next("session.created");
    d.faults.delay(DELAY_MS);
    const observed = new Promise<void>((resolve) =>
      d.onEvent((e) => {
        if (e.direction === "out" && e.event.type === "session.updated") resolve();
      }),
    );
    c.send({ type: "session.update", session: { voice: "mal-male" } });
    await observed;
    d.faults.close(1013); // waits for the delayed event before closing
    expect(watch.pending.size).toBe(2);
    c.ws.close();
    await c.closed;
    await until("the server has let the session go", () => d.sessions().length === 0);
    await until("no timer of the session is left", () => watch.pending.size === 0).catch(() => {});
    expect(watch.pending.size).toBe(0);
    expect(c.events.some((e) => e.type === "session.updated")).toBe(false);
  });
});
