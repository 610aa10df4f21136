import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { parseServerEvent } from "../../src/protocol/parseServerEvent.js";
import { createScriptedAudio, encodePcm16, speechFrames } from "../../src/testing/index.js";
import { useDevServer, waitFor } from "../session/support/harness.js";

const server = useDevServer();

describe("parseServerEvent", () => {
  it("reports binary frames, bad JSON and objects without a type as malformed", () => {
    expect(parseServerEvent(new Uint8Array([1, 2, 3]))).toEqual({ ok: false, reason: "binary" });
    expect(parseServerEvent("{not json")).toEqual({ ok: false, reason: "json" });
    expect(parseServerEvent('{"nope":1}')).toEqual({ ok: false, reason: "no-type" });
    expect(parseServerEvent("[1,2]")).toEqual({ ok: false, reason: "no-type" });
    expect(parseServerEvent("null")).toEqual({ ok: false, reason: "no-type" });
  });

  it("maps the beta names onto the GA ones and keeps the event as received", () => {
    const frame = parseServerEvent('{"type":"response.audio_transcript.delta","delta":"ന"}');
    expect(frame).toEqual({
      ok: true,
      type: "response.output_audio_transcript.delta",
      event: { type: "response.audio_transcript.delta", delta: "ന" },
    });
    const audio = parseServerEvent('{"type":"response.audio.delta","delta":""}');
    expect(audio.ok && audio.type).toBe("response.output_audio.delta");
  });

  it("passes unknown event types through", () => {
    const frame = parseServerEvent('{"type":"rate_limits.updated","rate_limits":[]}');
    expect(frame).toMatchObject({ ok: true, type: "rate_limits.updated" });
  });
});

describe("bad input from the server", () => {
  it("counts malformed frames and carries on", async () => {
    const session = server.open();
    await session.start();
    const dev = server.dev();
    dev.faults.malformed("json");
    dev.faults.malformed("binary");
    dev.faults.malformed("no-type");
    dev.script.reply("ശരി.");
    const state = await waitFor(
      session,
      (s) => s.metrics.malformedEvents === 3,
      "three malformed frames",
    );
    expect(state.status).toBe("connected");
    expect(state.error).toBeNull();
    session.greet();
    await waitFor(
      session,
      (s) => s.messages.some((m) => m.role === "agent" && m.status === "complete"),
      "a reply after the bad frames",
    );
  });

  it("delivers raw events by type, unknown ones included, and stops after the disposer", async () => {
    const session = server.open();
    const seen: string[] = [];
    const parts: unknown[] = [];
    const offAll = session.on("*", (event) => seen.push(event.type));
    const offParts = session.on("response.content_part.added", (event) => parts.push(event));
    await session.start();
    server.dev().script.reply("ശരി.");
    session.greet();
    await new Promise((resolve) => session.on("response.done", resolve));
    offAll();
    offParts();
    expect(seen).toContain("session.created");
    expect(seen).toContain("session.updated");
    expect(seen).toContain("response.output_item.added");
    expect(parts.length).toBeGreaterThan(0);
    const count = seen.length;
    server.dev().script.reply("ശരി.");
    session.greet();
    await new Promise((resolve) => session.on("response.done", resolve));
    expect(seen.length).toBe(count);
  });

  it("surfaces settings locked by the token as config-locked and stays connected", async () => {
    const dev = server.dev();
    const session = server.open({
      token: () => dev.mintToken({ session: { voice: "mal-male" } }),
      session: { voice: "mal-female", instructions: "ശാന്തമായി സംസാരിക്കുക." },
    });
    await session.start();
    const state = session.store.getState();
    expect(state.status).toBe("connected");
    expect(state.error).toMatchObject({ code: "config-locked", serverCode: "locked_setting" });
    expect(state.error?.message).toMatch(/voice/);
    expect(state.config).toMatchObject({ voice: "mal-male", instructions: "ശാന്തമായി സംസാരിക്കുക." });
  });
});

describe("configuration after the conversation began", () => {
  it("is refused as config-locked, the session goes on, and later connects use it", async () => {
    const dev = server.dev();
    const audio = createScriptedAudio({ realtime: false });
    const session = server.open({ audio, session: { voice: "mal-female" } });
    await session.start();
    await audio.speak(speechFrames(100));
    session.configure({ voice: "mal-male" });
    const state = await waitFor(session, (s) => s.error !== null, "the refusal");
    expect(state.status).toBe("connected");
    expect(state.error).toMatchObject({
      code: "config-locked",
      serverCode: "session_already_started",
    });
    expect(dev.sessions().at(-1)?.config.voice).toBe("mal-female");

    dev.faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    const after = await waitFor(session, (s) => s.status === "connected", "reconnected");
    expect(dev.sessions().at(-1)?.config.voice).toBe("mal-male");
    expect(after.error).toBeNull();
  });
});

describe("a server speaking the beta event names", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it("understands response.audio.delta and response.audio_transcript.delta", async () => {
    const wss = new WebSocketServer({
      port: 0,
      host: "127.0.0.1",
      handleProtocols: () => "realtime",
    });
    close = () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      });
    await new Promise((resolve) => wss.once("listening", resolve));
    const { port } = wss.address() as { port: number };
    wss.on("connection", (socket) => {
      socket.on("message", (data) => {
        const event = JSON.parse(String(data)) as { type: string };
        if (event.type === "session.update") {
          socket.send(
            JSON.stringify({ type: "session.updated", session: { voice: "mal-female" } }),
          );
        }
        if (event.type === "response.create") {
          const base = { response_id: "resp_1", item_id: "item_1" };
          const audio = encodePcm16(speechFrames(100, 100)[0] as Int16Array);
          socket.send(JSON.stringify({ type: "response.created", response: { id: "resp_1" } }));
          socket.send(JSON.stringify({ type: "response.audio.delta", ...base, delta: audio }));
          socket.send(
            JSON.stringify({ type: "response.audio_transcript.delta", ...base, delta: "നമ" }),
          );
          socket.send(
            JSON.stringify({ type: "response.audio_transcript.delta", ...base, delta: "സ്കാരം" }),
          );
          socket.send(
            JSON.stringify({
              type: "response.done",
              response: { id: "resp_1", status: "completed" },
            }),
          );
        }
      });
    });
    const session = server.open({
      baseUrl: `http://127.0.0.1:${port}`,
      token: async () => "swaram_ek_local",
    });
    const aliased: string[] = [];
    session.on("response.audio.delta", (event) => aliased.push(event.type));
    await session.start();
    session.greet();
    const state = await waitFor(
      session,
      (s) => s.messages[0]?.role === "agent" && s.messages[0].status === "complete",
      "the reply",
    );
    expect(state.messages[0]).toMatchObject({ role: "agent", text: "നമസ്കാരം", status: "complete" });
    expect(state.metrics.turnLatencies[0]?.createdToFirstAudioMs).toBeGreaterThanOrEqual(0);
    expect(aliased).toEqual(["response.audio.delta"]);
  });
});
