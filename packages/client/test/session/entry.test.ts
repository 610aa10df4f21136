import { describe, expect, it } from "vitest";
import WebSocket from "ws";

describe("the package entry", () => {
  it("imports in Node without touching browser APIs, and uses no audio there by default", async () => {
    const entry = await import("../../src/index.js");
    expect(typeof entry.createSwaramSession).toBe("function");
    expect(typeof entry.createWorkletAudio).toBe("function");
    const session = entry.createSwaramSession({
      token: () => new Promise<string>(() => {}),
      baseUrl: "http://127.0.0.1:9",
      WebSocket,
    });
    expect(session.store.getState()).toMatchObject({
      status: "idle",
      activity: null,
      messages: [],
    });
    const started = session.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // With the browser audio engine as default, starting in Node would fail at once.
    expect(session.store.getState()).toMatchObject({ status: "connecting", error: null });
    await session.dispose();
    await started;
    expect(session.store.getState().status).toBe("closed");
  });

  it("in a browser, defaults to the AudioWorklet engine (a typed error where there is no Web Audio)", async () => {
    const entry = await import("../../src/index.js");
    let tokens = 0;
    const session = entry.createSwaramSession({
      token: () => {
        tokens += 1;
        return new Promise<string>(() => {});
      },
      baseUrl: "http://127.0.0.1:9",
      WebSocket,
      isBrowser: () => true,
    });
    const failure = await session.start().catch((error: unknown) => error);
    expect(entry.isSwaramError(failure)).toBe(true);
    expect(session.store.getState().status).toBe("error");
    expect(session.store.getState().error?.code).toBe("unsupported-browser");
    expect(tokens).toBe(1);
    await session.dispose();
  });
});
