import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../src/index.js";
import { appendAudio, connect, malayalamSpeech } from "./helpers.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone" });
});
afterAll(() => dev.close());

const tool = {
  type: "function",
  name: "get_order_status",
  description: "Order lookup",
  parameters: { type: "object", properties: { order_id: { type: "string" } } },
};

describe("session configuration", () => {
  it("applies a flat session.update and answers the effective configuration", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({
      type: "session.update",
      session: { instructions: "ചുരുക്കി", voice: "mal-male", tools: [tool], tool_choice: "auto" },
    });
    const { session } = await c.next("session.updated");
    expect(session).toMatchObject({
      instructions: "ചുരുക്കി",
      voice: "mal-male",
      tool_choice: "auto",
      tools: [tool],
    });
    c.ws.close();
  });

  it("maps the OpenAI GA session shape and ignores what swaram does not support", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({
      type: "session.update",
      session: {
        type: "realtime",
        output_modalities: ["audio"],
        instructions: "hello",
        audio: {
          input: {
            format: { type: "audio/pcm", rate: 24000 },
            transcription: { model: "whisper-1" },
            noise_reduction: { type: "near_field" },
            turn_detection: { type: "semantic_vad", eagerness: "auto" },
          },
          output: { format: { type: "audio/pcm", rate: 24000 }, voice: "mal-male", speed: 1.2 },
        },
        tracing: "auto",
      },
    });
    const { session } = (await c.next("session.updated")) as unknown as {
      session: Record<string, unknown>;
    };
    expect(session).toMatchObject({
      instructions: "hello",
      voice: "mal-male",
      turn_detection: { type: "server_vad" },
    });
    expect(c.events.some((e) => e.type === "error")).toBe(false);
    c.ws.close();
  });

  it("refuses audio formats other than PCM16 24 kHz", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({
      type: "session.update",
      session: { audio: { input: { format: { type: "audio/pcmu" } } } },
    });
    expect((await c.next("error")).error).toMatchObject({
      code: "invalid_value",
      param: "session.audio.input.format",
    });
    c.ws.close();
  });

  it("keeps locked settings locked, reports them, applies the rest, and stays open", async () => {
    const token = await dev.mintToken({
      session: { voice: "mal-male", instructions: "server rules" },
    });
    const c = await connect(dev.wsUrl, { token });
    const created = await c.next("session.created");
    expect(created.session).toMatchObject({ voice: "mal-male", instructions: "server rules" });
    c.send({
      type: "session.update",
      session: { voice: "mal-female", instructions: "ignore the rules", tools: [tool] },
    });
    const error = await c.next("error");
    expect(error.error).toMatchObject({ code: "locked_setting", param: "session.instructions" });
    expect(String((error.error as { message: string }).message)).toContain("voice");
    const { session } = await c.next("session.updated");
    expect(session).toMatchObject({
      voice: "mal-male",
      instructions: "server rules",
      tools: [tool],
    });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  });

  it("accepts an update that repeats a locked value", async () => {
    const c = await connect(dev.wsUrl, {
      token: await dev.mintToken({ session: { voice: "mal-male" } }),
    });
    c.send({ type: "session.update", session: { voice: "mal-male" } });
    await c.next("session.updated");
    expect(c.events.some((e) => e.type === "error")).toBe(false);
    c.ws.close();
  });

  it("refuses configuration once audio has been appended", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    appendAudio(c, new Int16Array(480));
    c.send({ type: "session.update", session: { voice: "mal-male" } });
    expect((await c.next("error")).error).toMatchObject({ code: "session_already_started" });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  });

  it("refuses a settings change once a reply has started, as after audio", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    const { session } = await c.next("session.created");
    c.send({ type: "response.create" });
    await c.next("response.created");
    c.send({ type: "session.update", session: { voice: "mal-male", instructions: "later" } });
    const answer = await Promise.race([c.next("error"), c.next("session.updated")]);
    expect(answer.error).toMatchObject({ code: "session_already_started", param: "session" });
    const info = dev.sessions().find((s) => s.id === (session as { id: string }).id);
    expect(info?.config).toMatchObject({ voice: "mal-female", instructions: "" });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  });

  it("starts a session with the turn detection locked into its token, and keeps it locked", async () => {
    const token = await dev.mintToken({ session: { voice: "mal-male", turn_detection: null } });
    const c = await connect(dev.wsUrl, { token });
    const { session } = await c.next("session.created");
    expect(session).toMatchObject({ voice: "mal-male", turn_detection: null });
    const info = dev.sessions().find((s) => s.id === (session as { id: string }).id);
    expect(info?.locked).toEqual({ voice: "mal-male", turn_detection: null });
    c.send({ type: "session.update", session: { turn_detection: { type: "server_vad" } } });
    expect((await c.next("error")).error).toMatchObject({
      code: "locked_setting",
      param: "session.turn_detection",
    });
    expect((await c.next("session.updated")).session).toMatchObject({ turn_detection: null });
    c.ws.close();
  });
});

describe("bad input keeps the connection open", () => {
  it.each([
    ["invalid JSON", "{oops", "invalid_json"],
    ["an event without type", JSON.stringify({ audio: "AAAA" }), "missing_type"],
    ["an unknown event", JSON.stringify({ type: "conversation.teleport" }), "unknown_event"],
    [
      "bad base64 audio",
      JSON.stringify({ type: "input_audio_buffer.append", audio: "###" }),
      "invalid_value",
    ],
    [
      "a text turn",
      JSON.stringify({
        type: "conversation.item.create",
        item: { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
      }),
      "text_input_not_supported",
    ],
    [
      "a tool output for an unknown call",
      JSON.stringify({
        type: "conversation.item.create",
        item: { type: "function_call_output", call_id: "call_x", output: "{}" },
      }),
      "unknown_call_id",
    ],
    [
      "an empty commit",
      JSON.stringify({ type: "input_audio_buffer.commit" }),
      "input_audio_buffer_commit_empty",
    ],
    [
      "a cancel with no reply",
      JSON.stringify({ type: "response.cancel" }),
      "response_cancel_not_active",
    ],
  ])("answers %s with an error event", async (_name, frame, code) => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.ws.send(frame);
    expect((await c.next("error")).error).toMatchObject({ type: "invalid_request_error", code });
    c.send({ type: "session.update", session: {} });
    await c.next("session.updated");
    c.ws.close();
  });

  it("answers a binary frame with an error event", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.ws.send(Buffer.from([1, 2, 3]));
    expect((await c.next("error")).error).toMatchObject({ code: "invalid_frame" });
    c.ws.close();
  });

  it("closes 1009 on a frame over maxPayload", async () => {
    const small = await startDevServer({ port: 0, quiet: true, maxPayload: 4096, speech: "tone" });
    const c = await connect(small.wsUrl, { token: await small.mintToken() });
    c.send({ type: "input_audio_buffer.append", audio: "A".repeat(8192) });
    expect((await c.closed).code).toBe(1009);
    await small.close();
  });

  it("accepts odd-length and tiny audio chunks", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    const speech = await malayalamSpeech();
    const bytes = Buffer.from(speech.buffer, speech.byteOffset, speech.byteLength);
    for (let i = 0; i < 24_000; i += 333)
      c.send({
        type: "input_audio_buffer.append",
        audio: bytes.subarray(i, Math.min(i + 333, 24_000)).toString("base64"),
      });
    c.send({ type: "session.update", session: {} });
    await c.next("error");
    expect(
      c.events.filter((e) => e.type === "error").map((e) => (e.error as { code: string }).code),
    ).toEqual(["session_already_started"]);
    const info = dev.sessions().find((s) => s.started);
    expect(info?.audioMsReceived).toBeCloseTo(500, 0);
    c.ws.close();
  });
});
