import { describe, expect, it } from "vitest";
import type { SwaramSession, ToolCallMessage } from "../../src/session/types.js";
import { createScriptedAudio, silenceFrames, speechFrames } from "../../src/testing/index.js";
import { createToolRegistry } from "../../src/tools/toolRegistry.js";
import { recordInbound, useDevServer, waitFor } from "../session/support/harness.js";

const server = useDevServer();

const ORDER_TOOL = {
  type: "function" as const,
  name: "get_order_status",
  description: "Look up an order",
  parameters: { type: "object", properties: { orderId: { type: "string" } } },
};

/** A short spoken turn: the dev server answers it with the scripted tool call. */
function userTurn() {
  return [...speechFrames(500), ...silenceFrames(700)];
}

function toolMessage(messages: readonly unknown[]): ToolCallMessage | undefined {
  return messages.find((m): m is ToolCallMessage => (m as ToolCallMessage).role === "tool");
}

async function callTool(
  options: Parameters<ReturnType<typeof useDevServer>["open"]>[0],
  args: unknown,
  beforeStart?: (session: SwaramSession) => void,
) {
  const dev = server.dev();
  const inbound = recordInbound(dev);
  dev.script.toolCall("get_order_status", args);
  const audio = createScriptedAudio({ frames: userTurn(), realtime: false, playback: "instant" });
  const session = server.open({ audio, ...options });
  beforeStart?.(session);
  await session.start();
  const state = await waitFor(
    session,
    (s) =>
      toolMessage(s.messages)?.status !== undefined &&
      toolMessage(s.messages)?.status !== "running" &&
      s.messages.some((m) => m.role === "agent" && m.status === "complete"),
    "the tool result and the spoken answer",
  );
  inbound.off();
  const outputs = inbound
    .ofType("conversation.item.create")
    .map((e) => e.event.item as Record<string, unknown>);
  return { session, state, outputs, tool: toolMessage(state.messages) as ToolCallMessage };
}

describe("tools", () => {
  it("runs a handler with the parsed arguments and sends its result back, then the agent speaks", async () => {
    const received: unknown[] = [];
    const { state, outputs, tool } = await callTool(
      {
        session: { tools: [ORDER_TOOL] },
        tools: {
          get_order_status: async (args: { orderId: string }) => {
            received.push(args);
            return { orderId: args.orderId, status: "അയച്ചു" };
          },
        },
      },
      { orderId: "A1234" },
    );
    expect(received).toEqual([{ orderId: "A1234" }]);
    expect(tool).toMatchObject({
      name: "get_order_status",
      status: "success",
      arguments: { orderId: "A1234" },
      result: { orderId: "A1234", status: "അയച്ചു" },
    });
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ type: "function_call_output", call_id: tool.callId });
    expect(JSON.parse(String(outputs[0]?.output))).toEqual({ orderId: "A1234", status: "അയച്ചു" });
    const roles = state.messages.map((m) => m.role);
    expect(roles).toEqual(["user", "tool", "agent"]);
  });

  it("gives the handler its own copy of the arguments: changing them leaves the transcript as sent", async () => {
    const { tool } = await callTool(
      {
        session: { tools: [ORDER_TOOL] },
        tools: {
          get_order_status: async (args: { orderId: string }) => {
            args.orderId = args.orderId.toLowerCase();
            return { orderId: args.orderId, status: "അയച്ചു" };
          },
        },
      },
      { orderId: "A1234" },
    );
    expect(tool.arguments).toEqual({ orderId: "A1234" });
    expect(tool.result).toEqual({ orderId: "a1234", status: "അയച്ചു" });
  });

  it("declares a tool given with a schema in `tools`", async () => {
    const dev = server.dev();
    const session = server.open({
      tools: {
        get_order_status: {
          handler: () => ({ ok: true }),
          description: "Look up an order",
          parameters: ORDER_TOOL.parameters,
        },
      },
    });
    await session.start();
    const live = dev.sessions().find((s) => s.config.tools.length > 0);
    expect(live?.config.tools).toEqual([ORDER_TOOL]);
  });

  it("sends a thrown error back as an error output and the conversation goes on", async () => {
    const { state, outputs, tool } = await callTool(
      {
        session: { tools: [ORDER_TOOL] },
        tools: {
          get_order_status: () => {
            throw new Error("order service unavailable");
          },
        },
      },
      { orderId: "A1" },
    );
    expect(tool).toMatchObject({ status: "error", result: { error: "order service unavailable" } });
    expect(JSON.parse(String(outputs[0]?.output))).toEqual({ error: "order service unavailable" });
    expect(state.status).toBe("connected");
  });

  it("answers with a timeout error when a handler runs past its timeout", async () => {
    let aborted = false;
    const { outputs, tool } = await callTool(
      {
        session: { tools: [ORDER_TOOL] },
        tools: {
          get_order_status: {
            timeoutMs: 50,
            handler: (_args: unknown, { signal }) =>
              new Promise((resolve) => {
                signal.addEventListener("abort", () => {
                  aborted = true;
                  resolve("too late");
                });
              }),
          },
        },
      },
      {},
    );
    expect(tool.status).toBe("error");
    expect(JSON.parse(String(outputs[0]?.output)).error).toMatch(/timed out after 50 ms/);
    expect(aborted).toBe(true);
    expect(outputs).toHaveLength(1);
  });

  it("answers a call to an unregistered tool with an error output instead of hanging", async () => {
    const { outputs, tool } = await callTool(
      { session: { tools: [ORDER_TOOL] } },
      { orderId: "A1" },
    );
    expect(tool.status).toBe("error");
    expect(JSON.parse(String(outputs[0]?.output)).error).toMatch(
      /No handler for tool "get_order_status"/,
    );
  });

  it("uses handlers added with registerTool and stops after its disposer runs", async () => {
    const audio = createScriptedAudio({ realtime: false, playback: "instant" });
    const session = server.open({ audio, session: { tools: [ORDER_TOOL] } });
    const off = session.registerTool<{ orderId: string }>("get_order_status", ({ orderId }) => ({
      orderId,
      ok: true,
    }));
    await session.start();
    const dev = server.dev();
    dev.script.toolCall("get_order_status", { orderId: "B2" });
    await audio.speak(userTurn());
    const first = await waitFor(
      session,
      (s) => toolMessage(s.messages)?.status === "success",
      "the first tool result",
    );
    expect(toolMessage(first.messages)?.result).toEqual({ orderId: "B2", ok: true });
    off();
    await waitFor(
      session,
      (s) =>
        s.activity === "listening" &&
        s.messages.some((m) => m.role === "agent" && m.status === "complete"),
      "the spoken answer",
    );
    dev.script.toolCall("get_order_status", { orderId: "B3" });
    await audio.speak(userTurn());
    const second = await waitFor(
      session,
      (s) =>
        s.messages.filter((m) => m.role === "tool").length === 2 &&
        s.messages.filter((m) => m.role === "tool").every((m) => m.status !== "running"),
      "the second tool result",
    );
    expect(second.messages.filter((m) => m.role === "tool").map((m) => m.status)).toEqual([
      "success",
      "error",
    ]);
  });
});

describe("tool calls and a lost connection", () => {
  const SLOW_TOOL = { type: "function" as const, name: "slow_lookup", parameters: {} };

  /** A push-to-talk session whose `slow_lookup` runs until `finishAll()` (or its abort). */
  async function slowToolSession() {
    const finishers: (() => void)[] = [];
    const audio = createScriptedAudio({ realtime: false, playback: "instant" });
    const session = server.open({
      audio,
      turns: "push-to-talk",
      session: { tools: [SLOW_TOOL] },
      tools: {
        slow_lookup: (_args, { signal }) =>
          new Promise((resolve) => {
            finishers.push(() => resolve({ found: true }));
            signal.addEventListener("abort", () => resolve(null));
          }),
      },
    });
    await session.start();
    /** One spoken turn the dev server answers with a call of `slow_lookup`; resolves at its `response.done`. */
    const toolTurn = async () => {
      server.dev().script.toolCall("slow_lookup", {});
      const done = new Promise<void>((resolve) => {
        const off = session.on("response.done", () => {
          off();
          resolve();
        });
      });
      session.press();
      await audio.speak(speechFrames(400));
      session.release();
      await done;
    };
    const finishAll = () => {
      for (const finish of finishers.splice(0)) finish();
    };
    return { session, toolTurn, finishAll };
  }

  const tools = (messages: readonly unknown[]) =>
    messages.filter((m): m is ToolCallMessage => (m as ToolCallMessage).role === "tool");

  it("a call cut off by a drop ends as an error, and after the reconnect a new call shows thinking", async () => {
    const { session, toolTurn, finishAll } = await slowToolSession();
    await toolTurn();
    expect(session.store.getState().activity).toBe("thinking");
    expect(tools(session.store.getState().messages).map((m) => m.status)).toEqual(["running"]);

    server.dev().faults.drop();
    await waitFor(session, (s) => s.status === "reconnecting", "reconnecting");
    const back = await waitFor(session, (s) => s.status === "connected", "reconnected");
    expect(tools(back.messages)).toMatchObject([
      { status: "error", result: { error: "The connection closed." } },
    ]);

    await toolTurn();
    const state = session.store.getState();
    expect(tools(state.messages).map((m) => m.status)).toEqual(["error", "running"]);
    expect(state.activity).toBe("thinking");

    finishAll();
    await waitFor(session, (s) => s.activity === "listening", "the answer, then listening");
  });

  it("stop() during a call ends it as an error instead of leaving it running", async () => {
    const { session, toolTurn } = await slowToolSession();
    await toolTurn();
    await session.stop();
    expect(session.store.getState().status).toBe("closed");
    expect(tools(session.store.getState().messages)).toMatchObject([
      { name: "slow_lookup", status: "error", result: { error: "The connection closed." } },
    ]);
  });
});

describe("registrations of one name", () => {
  it("the latest answers; removing it brings back the previous one, down to the tools option's", async () => {
    const tools = createToolRegistry(1_000, { setTimeout: () => 0, clearTimeout: () => undefined });
    const fromOption = tools.register("lookup", () => "option");
    const first = tools.register("lookup", () => "first");
    const second = tools.register("lookup", () => "second");
    const call = async () =>
      (await tools.run({ name: "lookup", callId: "c", arguments: {} })).result;
    expect(await call()).toBe("second");
    second();
    expect(await call()).toBe("first");
    // Removing one that is not the latest keeps the latest.
    const third = tools.register("lookup", () => "third");
    first();
    expect(await call()).toBe("third");
    third();
    expect(await call()).toBe("option");
    fromOption();
    expect((await tools.run({ name: "lookup", callId: "c", arguments: {} })).status).toBe("error");
  });

  it("a session: a handler registered over the tools option's, then removed, leaves the option's answering", async () => {
    const { tool } = await callTool(
      {
        session: { tools: [ORDER_TOOL] },
        tools: { get_order_status: () => ({ from: "option" }) },
      },
      { orderId: "A1" },
      (session) => session.registerTool("get_order_status", () => ({ from: "component" }))(),
    );
    expect(tool).toMatchObject({ status: "success", result: { from: "option" } });
  });
});
