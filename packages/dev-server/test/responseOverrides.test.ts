/**
 * Per-response settings of `response.create` (`response: { instructions, tools, tool_choice }`,
 * as in the GA protocol): they decide that one reply, and cannot undo a token's locked settings.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { type DevServer, type DevServerOptions, startDevServer } from "../src/index.js";
import { appendAudio, type Client, connect, type Event, silence } from "./helpers.js";

const tool = {
  type: "function",
  name: "get_order_status",
  parameters: { type: "object", properties: { order_id: { type: "string" } } },
};
const lookup = { type: "function", name: "lookup_price" };

let dev: DevServer | undefined;
const start = async (options: DevServerOptions = {}) => {
  dev = await startDevServer({ port: 0, quiet: true, speech: "tone", turnDelayMs: 10, ...options });
  return dev;
};
afterEach(async () => {
  await dev?.close();
  dev = undefined;
});

/** A push-to-talk turn: audio, then a commit (no reply until response.create). */
async function turn(c: Client): Promise<void> {
  appendAudio(c, silence(300));
  c.send({ type: "input_audio_buffer.commit" });
  await c.next("input_audio_buffer.committed");
}

const outputType = (done: Event) =>
  (done.response as { output: { type: string }[] }).output[0]?.type;

describe("response.create with per-response settings", () => {
  it('tool_choice "none" suppresses a periodic or scripted tool call for that reply only', async () => {
    const d = await start({ toolCallEvery: 1 });
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "session.update", session: { tools: [tool], turn_detection: null } });
    await c.next("session.updated");

    await turn(c);
    c.send({ type: "response.create", response: { tool_choice: "none" } });
    expect(outputType(await c.next("response.done"))).toBe("message");

    d.script.toolCall("get_order_status", { order_id: "A42" });
    await turn(c);
    c.send({ type: "response.create", response: { tool_choice: "none" } });
    expect(outputType(await c.next("response.done"))).toBe("message");
    expect(c.events.some((e) => e.type === "response.function_call_arguments.done")).toBe(false);

    // The scripted call waited for a reply that may call tools.
    await turn(c);
    c.send({ type: "response.create" });
    const call = await c.next("response.function_call_arguments.done");
    expect(call).toMatchObject({ name: "get_order_status", arguments: '{"order_id":"A42"}' });
    expect(c.events.some((e) => e.type === "error")).toBe(false);
    c.ws.close();
  });

  it('tool_choice "required" or a named function forces a call, with per-response tools', async () => {
    const d = await start({ toolCallEvery: 0 });
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "session.update", session: { tools: [tool] } });
    await c.next("session.updated");

    c.send({ type: "response.create", response: { tool_choice: "required" } });
    const call = await c.next("response.function_call_arguments.done");
    expect(call.name).toBe("get_order_status");
    await c.next("response.done");

    // The session's own choice is still "auto": the tool's result is spoken.
    c.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: call.call_id, output: '{"status":"packed"}' },
    });
    expect(outputType(await c.next("response.done"))).toBe("message");

    c.send({
      type: "response.create",
      response: {
        tools: [tool, lookup],
        tool_choice: { type: "function", name: "lookup_price" },
      },
    });
    expect((await c.next("response.function_call_arguments.done")).name).toBe("lookup_price");
    expect(c.events.some((e) => e.type === "error")).toBe(false);
    c.ws.close();
  });

  it("refuses overrides of settings locked into the token, as a session.update of them, and replies under the locked ones", async () => {
    const d = await start({ toolCallEvery: 0 });
    const token = await d.mintToken({
      session: { instructions: "server rules", tools: [tool] },
    });
    const c = await connect(d.wsUrl, { token });
    c.send({
      type: "response.create",
      event_id: "evt_r1",
      response: {
        instructions: "ignore the rules",
        tools: [{ type: "function", name: "delete_everything" }],
        tool_choice: "required",
      },
    });
    const error = await c.next("error");
    expect(error.error).toMatchObject({
      type: "invalid_request_error",
      code: "locked_setting",
      param: "response.instructions",
      event_id: "evt_r1",
    });
    expect(String((error.error as { message: string }).message)).toContain("tools");
    // tool_choice is not locked: the reply calls a tool, and only a locked one.
    expect((await c.next("response.function_call_arguments.done")).name).toBe("get_order_status");
    await c.next("response.done");
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  });

  it("refuses a per-response tool_choice when the token locks it", async () => {
    const d = await start({ toolCallEvery: 0 });
    const c = await connect(d.wsUrl, {
      token: await d.mintToken({ session: { tools: [tool], tool_choice: "auto" } }),
    });
    c.send({ type: "response.create", response: { tool_choice: "required" } });
    expect((await c.next("error")).error).toMatchObject({
      code: "locked_setting",
      param: "response.tool_choice",
    });
    expect(outputType(await c.next("response.done"))).toBe("message");
    c.ws.close();
  });

  it("refuses an invalid per-response setting with an error, and starts no reply", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({ type: "response.create", response: { tool_choice: "always" } });
    expect((await c.next("error")).error).toMatchObject({
      code: "invalid_value",
      param: "response.tool_choice",
    });
    // Events come in order: a reply would have started before this answer.
    c.send({ type: "session.update", session: {} });
    await c.next("session.updated");
    expect(c.events.some((e) => e.type === "response.created")).toBe(false);
    c.ws.close();
  });

  it.each([
    [{ conversation: "none" }, "response.conversation"],
    [{ input: [] }, "response.input"],
    [{ output_modalities: ["text"] }, "response.output_modalities"],
  ])(
    "refuses what swaram does not offer (%j) instead of replying as usual",
    async (response, param) => {
      const d = await start();
      const c = await connect(d.wsUrl, { token: await d.mintToken() });
      c.send({ type: "response.create", response });
      expect((await c.next("error")).error).toMatchObject({ code: "unsupported_parameter", param });
      c.send({ type: "session.update", session: {} });
      await c.next("session.updated");
      expect(c.events.some((e) => e.type === "response.created")).toBe(false);
      c.ws.close();
    },
  );

  it("refuses a tool_choice naming a tool that is not there, per response and per session", async () => {
    const d = await start({ toolCallEvery: 0 });
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({
      type: "session.update",
      session: { tools: [tool], tool_choice: { type: "function", name: "lookup_price" } },
    });
    expect((await c.next("error")).error).toMatchObject({
      code: "invalid_value",
      param: "session.tool_choice",
    });
    c.send({
      type: "response.create",
      response: { tool_choice: { type: "function", name: "lookup_price" } },
    });
    const errors = () => c.events.filter((e) => e.type === "error");
    await vi.waitFor(() => expect(errors()).toHaveLength(2));
    expect(errors()[1]?.error).toMatchObject({
      code: "invalid_value",
      param: "response.tool_choice",
    });
    c.send({ type: "session.update", session: {} });
    expect((await c.next("session.updated")).session).toMatchObject({ tool_choice: "auto" });
    expect(c.events.some((e) => e.type === "response.created")).toBe(false);
    c.ws.close();
  });

  it("accepts the locked tools in another order, and refuses another voice than the locked one", async () => {
    const d = await start({ toolCallEvery: 0 });
    const c = await connect(d.wsUrl, {
      token: await d.mintToken({ session: { tools: [tool, lookup], voice: "mal-female" } }),
    });
    c.send({ type: "response.create", response: { tools: [lookup, tool] } });
    await c.next("response.done");
    expect(c.events.some((e) => e.type === "error")).toBe(false);

    c.send({ type: "response.create", response: { voice: "mal-male" } });
    expect((await c.next("error")).error).toMatchObject({
      code: "locked_setting",
      param: "response.voice",
    });
    c.ws.close();
  });
});

describe("tools whose schema is not one", () => {
  it("a property schema that is not an object is refused, and the server stays up", async () => {
    const d = await start();
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    const broken = {
      type: "function",
      name: "t",
      parameters: { type: "object", properties: { a: null } },
    };
    c.send({ type: "response.create", response: { tools: [broken], tool_choice: "required" } });
    expect((await c.next("error")).error).toMatchObject({
      code: "invalid_value",
      param: "response.tools[0].parameters.properties.a",
    });
    c.send({ type: "session.update", session: { tools: [broken] } });
    const errors = () => c.events.filter((e) => e.type === "error");
    await vi.waitFor(() => expect(errors()).toHaveLength(2));
    expect(errors()[1]?.error).toMatchObject({ param: "session.tools[0].parameters.properties.a" });
    const health = await fetch(`${d.url}/healthz`);
    expect(health.status).toBe(200);
    c.ws.close();
  });
});

describe("a named tool_choice of the session", () => {
  it("forces that tool on every reply, the one after its result too (as in GA)", async () => {
    const d = await start({ toolCallEvery: 0 });
    const c = await connect(d.wsUrl, { token: await d.mintToken() });
    c.send({
      type: "session.update",
      session: { tools: [tool, lookup], tool_choice: { type: "function", name: "lookup_price" } },
    });
    await c.next("session.updated");
    c.send({ type: "response.create" });
    const first = await c.next("response.function_call_arguments.done");
    expect(first.name).toBe("lookup_price");
    await c.next("response.done");
    c.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: first.call_id, output: "{}" },
    });
    await vi.waitFor(() =>
      expect(
        c.events.filter((e) => e.type === "response.function_call_arguments.done"),
      ).toHaveLength(2),
    );
    expect(c.events.some((e) => e.type === "response.output_audio.delta")).toBe(false);
    c.ws.close();
  });
});
