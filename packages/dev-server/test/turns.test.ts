import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, GREETING, startDevServer } from "../src/index.js";
import { appendAudio, audioMs, connect, malayalamSpeech, silence } from "./helpers.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0, quiet: true, turnDelayMs: 50, toolCallEvery: 0 });
});
afterAll(() => dev.close());

const tool = {
  type: "function",
  name: "get_order_status",
  description: "Looks up an order",
  parameters: {
    type: "object",
    properties: { order_id: { type: "string" } },
    required: ["order_id"],
  },
};

/** Servers a test started with `toneServer`, closed after it even when it fails. */
const started: DevServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

/** A dev server with a short thinking time and tone replies, calling a tool every `toolCallEvery` turns. */
async function toneServer(toolCallEvery: number): Promise<DevServer> {
  const server = await startDevServer({
    port: 0,
    quiet: true,
    turnDelayMs: 10,
    toolCallEvery,
    speech: "tone",
  });
  started.push(server);
  return server;
}

describe("a voice turn", () => {
  it("detects Malayalam speech, transcribes the turn and speaks a Malayalam reply in step with its text", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    const speech = await malayalamSpeech();
    dev.script.transcript("എനിക്ക് ഒരു ചായ വേണം");
    appendAudio(c, silence(300));
    appendAudio(c, speech);
    appendAudio(c, silence(800));
    const started = await c.next("input_audio_buffer.speech_started");
    const stopped = await c.next("input_audio_buffer.speech_stopped");
    const speechMs = (speech.length / 24_000) * 1000;
    // The detector runs on the audio's own clock: start near 300 ms minus padding, stop near the end of speech.
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(0);
    expect(started.audio_start_ms).toBeLessThan(400);
    expect(Number(stopped.audio_end_ms)).toBeGreaterThan(300 + speechMs - 400);
    expect(Number(stopped.audio_end_ms)).toBeLessThan(300 + speechMs + 100);
    const transcription = await c.next("conversation.item.input_audio_transcription.completed");
    expect(transcription).toMatchObject({
      item_id: started.item_id,
      transcript: "എനിക്ക് ഒരു ചായ വേണം",
    });
    const created = await c.next("response.created");
    const done = await c.next("response.done", 20_000);
    const response = done.response as {
      id: string;
      status: string;
      output: { content: { transcript: string }[] }[];
    };
    expect(response).toMatchObject({
      id: (created.response as { id: string }).id,
      status: "completed",
    });
    const text = c.events
      .filter((e) => e.type === "response.output_audio_transcript.delta")
      .map((e) => e.delta)
      .join("");
    expect(text).toMatch(/[\u0D00-\u0D7F]/u);
    expect(response.output[0]?.content[0]?.transcript).toBe(text);
    // espeak-ng speaks at roughly 60-120 ms per character.
    const replyMs = audioMs(c.events, response.id);
    expect(replyMs).toBeGreaterThan([...text].length * 30);
    expect(replyMs).toBeLessThan([...text].length * 200);
    const order = c.events.map((e) => e.type);
    expect(order.indexOf("input_audio_buffer.speech_stopped")).toBeLessThan(
      order.indexOf("response.created"),
    );
    expect(order.indexOf("response.output_audio.delta")).toBeLessThan(
      order.indexOf("response.done"),
    );
    c.ws.close();
  });

  it("answers response.create with a greeting (Simple mode)", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({ type: "response.create" });
    await c.next("response.done", 20_000);
    await c.next("response.output_audio_transcript.done");
    const transcript = c.events.find(
      (e) => e.type === "response.output_audio_transcript.done",
    )?.transcript;
    expect(transcript).toBe(GREETING);
    c.ws.close();
  });

  it("ends a turn on commit when turn detection is off (no reply until response.create), and clears on clear", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({ type: "session.update", session: { turn_detection: null } });
    await c.next("session.updated");
    appendAudio(c, await malayalamSpeech());
    c.send({ type: "input_audio_buffer.clear" });
    await c.next("input_audio_buffer.cleared");
    c.send({ type: "input_audio_buffer.commit" });
    expect((await c.next("error")).error).toMatchObject({
      code: "input_audio_buffer_commit_empty",
    });
    appendAudio(c, await malayalamSpeech());
    c.send({ type: "input_audio_buffer.commit" });
    await c.next("input_audio_buffer.committed");
    await c.next("conversation.item.input_audio_transcription.completed");
    await c.next("conversation.item.done");
    // Events come in order: a reply to the commit would have come before this answer.
    c.send({ type: "input_audio_buffer.clear" });
    await c.next("input_audio_buffer.cleared");
    expect(c.events.some((e) => e.type === "response.created")).toBe(false);
    dev.script.reply("ശരി, കേട്ടു");
    c.send({ type: "response.create" });
    const done = await c.next("response.output_audio_transcript.done", 20_000);
    expect(done.transcript).toBe("ശരി, കേട്ടു");
    await c.next("response.done", 20_000);
    expect(c.events.some((e) => e.type === "input_audio_buffer.speech_started")).toBe(false);
    c.ws.close();
  });

  it("lets a test script the reply", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    dev.script.reply("ശരി");
    c.send({ type: "response.create" });
    const done = await c.next("response.output_audio_transcript.done", 20_000);
    expect(done.transcript).toBe("ശരി");
    c.ws.close();
  });
});

describe("tools", () => {
  it("calls a scripted tool, then speaks a reply that uses its output", async () => {
    const c = await connect(dev.wsUrl, {
      token: await dev.mintToken({ session: { tools: [tool] } }),
    });
    dev.script.toolCall("get_order_status", { order_id: "A42" });
    appendAudio(c, await malayalamSpeech());
    appendAudio(c, silence(800));
    const call = await c.next("response.function_call_arguments.done", 20_000);
    expect(call).toMatchObject({
      name: "get_order_status",
      arguments: JSON.stringify({ order_id: "A42" }),
    });
    const first = await c.next("response.done");
    expect((first.response as { output: { type: string }[] }).output[0]?.type).toBe(
      "function_call",
    );
    c.send({
      type: "conversation.item.create",
      item: {
        type: "function_call_output",
        call_id: call.call_id,
        output: JSON.stringify({ status: "shipped" }),
      },
    });
    await c.next("conversation.item.created"); // the user's turn
    const created = await c.next("conversation.item.created");
    expect(created.item).toMatchObject({ type: "function_call_output", call_id: call.call_id });
    await c.next("response.done", 20_000);
    const spoken = await c.next("response.output_audio_transcript.done");
    expect(spoken.transcript).toContain("shipped");
    expect(audioMs(c.events)).toBeGreaterThan(500);
    c.ws.close();
  });

  it("calls the first tool every Nth turn on its own when configured (demo mode)", async () => {
    const auto = await toneServer(1);
    const c = await connect(auto.wsUrl, {
      token: await auto.mintToken({ session: { tools: [tool] } }),
    });
    appendAudio(c, await malayalamSpeech());
    appendAudio(c, silence(800));
    const call = await c.next("response.function_call_arguments.done");
    expect(JSON.parse(String(call.arguments))).toEqual({ order_id: "A1234" });
    c.ws.close();
  });
});

describe("tool_choice", () => {
  const lookup = { ...tool, name: "lookup_price" };

  it("calls the named function on every turn", async () => {
    const d = await toneServer(0);
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({
      type: "session.update",
      session: { tools: [tool, lookup], tool_choice: { type: "function", name: "lookup_price" } },
    });
    await c.next("session.updated");
    appendAudio(c, await malayalamSpeech());
    appendAudio(c, silence(800));
    expect((await c.next("response.function_call_arguments.done")).name).toBe("lookup_price");
    c.ws.close();
  });

  it('under "required" calls a tool for every reply, the one after a tool result too, and never speaks', async () => {
    const d = await toneServer(0);
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "session.update", session: { tools: [tool], tool_choice: "required" } });
    await c.next("session.updated");
    appendAudio(c, await malayalamSpeech());
    appendAudio(c, silence(800));
    for (let reply = 0; reply < 3; reply++) {
      const call = await c.next("response.function_call_arguments.done");
      expect(call.name).toBe("get_order_status");
      const done = await c.next("response.done");
      expect(done.response).toMatchObject({
        status: "completed",
        output: [{ type: "function_call", call_id: call.call_id }],
      });
      c.send({
        type: "conversation.item.create",
        item: {
          type: "function_call_output",
          call_id: call.call_id,
          output: JSON.stringify({ status: "shipped" }),
        },
      });
    }
    await c.next("response.function_call_arguments.done");
    // Asked to speak first, it calls a tool as well.
    await c.next("response.done");
    c.send({ type: "response.create" });
    await c.next("response.function_call_arguments.done");
    await c.next("response.done");
    expect(c.events.filter((e) => e.type === "response.output_audio.delta")).toHaveLength(0);
    expect(c.events.some((e) => e.type === "error")).toBe(false);
    c.ws.close();
  });

  it('loops under a "required" locked into the token (GA shape), which a client cannot change', async () => {
    const d = await toneServer(0);
    const token = await d.mintToken({
      session: { type: "realtime", tools: [tool], tool_choice: "required" },
    });
    const c = await connect(d.wsUrl, { token });
    expect((await c.next("session.created")).session).toMatchObject({ tool_choice: "required" });
    c.send({ type: "session.update", session: { type: "realtime", tool_choice: "auto" } });
    expect((await c.next("error")).error).toMatchObject({
      code: "locked_setting",
      param: "session.tool_choice",
    });
    expect((await c.next("session.updated")).session).toMatchObject({ tool_choice: "required" });
    appendAudio(c, await malayalamSpeech());
    appendAudio(c, silence(800));
    const first = await c.next("response.function_call_arguments.done");
    await c.next("response.done");
    c.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: first.call_id, output: "{}" },
    });
    const second = await c.next("response.function_call_arguments.done");
    expect(second.call_id).not.toBe(first.call_id);
    await c.next("response.done");
    expect(c.events.filter((e) => e.type === "response.output_audio.delta")).toHaveLength(0);
    c.ws.close();
  });

  it('speaks after a tool result under "auto"', async () => {
    const d = await toneServer(1);
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "session.update", session: { tools: [tool], tool_choice: "auto" } });
    await c.next("session.updated");
    appendAudio(c, await malayalamSpeech());
    appendAudio(c, silence(800));
    const call = await c.next("response.function_call_arguments.done");
    await c.next("response.done");
    c.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: call.call_id, output: '{"status":"shipped"}' },
    });
    const spoken = await c.next("response.output_audio_transcript.done", 20_000);
    expect(spoken.transcript).toContain("shipped");
    expect(c.events.filter((e) => e.type === "response.function_call_arguments.done")).toHaveLength(
      1,
    );
    c.ws.close();
  });

  it('never calls a tool on its own under "none"', async () => {
    const d = await toneServer(1);
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "session.update", session: { tools: [tool], tool_choice: "none" } });
    await c.next("session.updated");
    appendAudio(c, await malayalamSpeech());
    appendAudio(c, silence(800));
    await c.next("response.done", 20_000);
    expect(c.events.some((e) => e.type === "response.function_call_arguments.done")).toBe(false);
    expect(audioMs(c.events)).toBeGreaterThan(500);
    c.ws.close();
  });
});

describe("interruptions", () => {
  it("cancels the reply on response.cancel", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({ type: "response.create" });
    await c.next("response.output_audio.delta", 20_000);
    c.send({ type: "response.cancel" });
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({
      status: "cancelled",
      status_details: { reason: "client_cancelled" },
    });
    const after = c.events.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(
      c.events.slice(after).filter((e) => e.type === "response.output_audio.delta"),
    ).toHaveLength(0);
    c.ws.close();
  });

  it("cancels the reply named by response_id", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({ type: "response.create" });
    const created = await c.next("response.created");
    const id = (created.response as { id: string }).id;
    await c.next("response.output_audio.delta", 20_000);
    c.send({ type: "response.cancel", response_id: id });
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({ id, status: "cancelled" });
    expect(c.events.some((e) => e.type === "error")).toBe(false);
    c.ws.close();
  });

  it("refuses a cancel naming another reply with response_cancel_not_active, and the reply goes on", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({ type: "response.create" });
    const created = await c.next("response.created");
    await c.next("response.output_audio.delta", 20_000);
    c.send({ type: "response.cancel", response_id: "resp_not_this_one", event_id: "evt_c1" });
    expect((await c.next("error")).error).toMatchObject({
      type: "invalid_request_error",
      code: "response_cancel_not_active",
      param: "response_id",
      event_id: "evt_c1",
    });
    const done = await c.next("response.done", 20_000);
    expect(done.response).toMatchObject({
      id: (created.response as { id: string }).id,
      status: "completed",
    });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  });

  it("answers a cancel that arrives after the reply ended with response_cancel_not_active", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    dev.script.reply("ശരി");
    c.send({ type: "response.create" });
    const done = await c.next("response.done", 20_000);
    expect(done.response).toMatchObject({ status: "completed" });
    c.send({ type: "response.cancel", response_id: (done.response as { id: string }).id });
    c.send({ type: "response.cancel" });
    const first = await c.next("error");
    const second = await c.next("error");
    expect([first.error, second.error]).toMatchObject([
      { type: "invalid_request_error", code: "response_cancel_not_active" },
      { type: "invalid_request_error", code: "response_cancel_not_active" },
    ]);
    expect(c.events.filter((e) => e.type === "response.done")).toHaveLength(1);
    c.ws.close();
  });

  it("cancels the reply when the user speaks over it (barge-in)", async () => {
    const c = await connect(dev.wsUrl, { token: await dev.mintToken() });
    c.send({ type: "response.create" });
    await c.next("response.output_audio.delta", 20_000);
    appendAudio(c, await malayalamSpeech());
    await c.next("input_audio_buffer.speech_started");
    const done = await c.next("response.done");
    expect(done.response).toMatchObject({
      status: "cancelled",
      status_details: { reason: "turn_detected" },
    });
    const types = c.events.map((e) => e.type);
    expect(types.indexOf("input_audio_buffer.speech_started")).toBeLessThan(
      types.indexOf("response.done"),
    );
    c.ws.close();
  });
});
