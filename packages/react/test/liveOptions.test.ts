import type { AudioIO, SwaramSessionOptions } from "@swaram/client";
import { describe, expect, it } from "vitest";
import { liveOptions, sameSettings } from "../src/session/liveOptions.js";

const audio = (): AudioIO => ({
  async start() {},
  async stop() {},
  play() {},
  flush() {},
  setCaptureEnabled() {},
});

describe("options changed after mount", () => {
  it("compares settings by value, so inline objects and callbacks keep the session", () => {
    const base = (): SwaramSessionOptions => ({
      token: async () => "a",
      session: { voice: "mal-male", tools: [{ type: "function", name: "lookup" }] },
      tools: { lookup: { handler: async () => 1, timeoutMs: 5 }, ping: async () => 2 },
      tokenRequest: { headers: () => ({ a: "1" }) },
      reconnect: { maxAttempts: 3 },
    });
    expect(sameSettings(base(), base())).toBe(true);
    expect(sameSettings(base(), { ...base(), muted: true })).toBe(true);
    expect(sameSettings(base(), { ...base(), model: undefined })).toBe(true);
  });

  it("sees a changed setting at any depth, and a token URL change", () => {
    const options: SwaramSessionOptions = {
      token: "/api/a",
      session: { voice: "mal-male", tools: [{ type: "function", name: "lookup" }] },
      tools: { lookup: { handler: async () => 1, timeoutMs: 5 } },
    };
    expect(sameSettings(options, { ...options, token: "/api/b" })).toBe(false);
    expect(sameSettings(options, { ...options, session: { voice: "mal-female" } })).toBe(false);
    expect(
      sameSettings(options, {
        ...options,
        session: { voice: "mal-male", tools: [{ type: "function", name: "other" }] },
      }),
    ).toBe(false);
    expect(
      sameSettings(options, { ...options, tools: { lookup: { handler: async () => 1 } } }),
    ).toBe(false);
    expect(sameSettings(options, { ...options, turns: "push-to-talk" })).toBe(false);
  });

  it("compares injected implementations by identity, even when they look alike", () => {
    const one = audio();
    const fetchA: typeof fetch = async () => new Response();
    const options: SwaramSessionOptions = { token: "/t", audio: one, fetch: fetchA };
    expect(sameSettings(options, { ...options })).toBe(true);
    expect(sameSettings(options, { ...options, audio: audio() })).toBe(false);
    expect(sameSettings(options, { ...options, fetch: async () => new Response() })).toBe(false);
    expect(sameSettings(options, { ...options, audio: null })).toBe(false);
  });

  it("calls the latest callbacks, falling back to the first when one is gone", async () => {
    let latest: SwaramSessionOptions = {
      token: async () => "first",
      tools: { ping: async () => "first", look: { handler: async () => "first", timeoutMs: 5 } },
      tokenRequest: { headers: () => ({ v: "first" }) },
    };
    const one = audio();
    latest.audio = one;
    const live = liveOptions(() => latest);
    expect(live.audio).toBe(one);
    latest = {
      token: async () => "second",
      tools: { ping: async () => "second", look: { handler: async () => "second" } },
      tokenRequest: { headers: () => ({ v: "second" }) },
    };
    const context = { signal: new AbortController().signal } as never;
    const tools = live.tools as Record<string, unknown>;
    expect(await (live.token as () => Promise<string>)()).toBe("second");
    expect(await (tools.ping as (a: unknown, c: never) => Promise<string>)({}, context)).toBe(
      "second",
    );
    const look = tools.look as { handler: (a: unknown, c: never) => Promise<string> };
    expect(await look.handler({}, context)).toBe("second");
    const headers = live.tokenRequest?.headers as () => unknown;
    expect(headers()).toEqual({ v: "second" });

    latest = { token: "/api/token" };
    expect(await (live.token as () => Promise<string>)()).toBe("first");
    expect(await look.handler({}, context)).toBe("first");
  });
});
