import { createScriptedAudio, silenceFrames, speechFrames } from "@swaram/client/testing";
import { render, screen, waitFor, within } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SwaramProvider, Transcript, useSwaramTool, VoiceButton } from "../src/index.js";
import { recordInbound, sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer({ toolCallEvery: 0 });

const orderTool = {
  type: "function" as const,
  name: "get_order_status",
  description: "Where an order is",
  parameters: {
    type: "object",
    properties: { orderId: { type: "string" } },
    required: ["orderId"],
  },
};

function OrderStatus({ statuses, calls }: { statuses: Record<string, string>; calls: unknown[] }) {
  useSwaramTool("get_order_status", async ({ orderId }: { orderId: string }) => {
    calls.push(orderId);
    return { orderId, status: statuses[orderId] ?? "unknown" };
  });
  return null;
}

const turn = () => [...speechFrames(700), ...silenceFrames(900)];

function outputsOf(inbound: ReturnType<typeof recordInbound>) {
  return inbound
    .ofType("conversation.item.create")
    .map((e) => e.item as { type: string; call_id: string; output: string })
    .filter((item) => item.type === "function_call_output")
    .map((item) => JSON.parse(item.output) as Record<string, unknown>);
}

describe("useSwaramTool", () => {
  it("answers the model's tool call with the latest handler, for as long as it is mounted", async () => {
    const dev = server();
    const user = userEvent.setup();
    const inbound = recordInbound(dev);
    const audio = createScriptedAudio({ frames: turn() });
    const options = sessionOptions(dev, { audio, session: { tools: [orderTool] } });
    const calls: unknown[] = [];
    const app = (tool: boolean, statuses: Record<string, string>) => (
      <SwaramProvider options={options}>
        <VoiceButton lang="en" />
        {tool && <OrderStatus statuses={statuses} calls={calls} />}
        <Transcript lang="en" />
      </SwaramProvider>
    );
    const view = render(app(true, { A12: "packed" }));
    view.rerender(app(true, { A12: "shipped" }));

    dev.script.toolCall("get_order_status", { orderId: "A12" });
    await user.click(screen.getByRole("button"));
    await waitFor(() => expect(outputsOf(inbound)).toHaveLength(1), { timeout: 10_000 });
    expect(calls).toEqual(["A12"]);
    expect(outputsOf(inbound)[0]).toEqual({ orderId: "A12", status: "shipped" });
    const log = screen.getByRole("log");
    await waitFor(() => expect(within(log).getByText("get_order_status")).toBeTruthy());
    const toolEntry = log.querySelector('li[data-role="tool"]');
    expect(toolEntry?.getAttribute("data-status")).toBe("success");
    expect(toolEntry?.textContent).toBe("Tool: get_order_status (done)");

    view.rerender(app(false, {}));
    await waitFor(() => expect(screen.getByRole("button").dataset.activity).toBe("listening"), {
      timeout: 10_000,
    });
    dev.script.toolCall("get_order_status", { orderId: "B7" });
    await audio.speak(turn());
    await waitFor(() => expect(outputsOf(inbound)).toHaveLength(2), { timeout: 10_000 });
    expect(calls).toEqual(["A12"]);
    expect(outputsOf(inbound)[1]).toHaveProperty("error");
    inbound.off();
  });
});
