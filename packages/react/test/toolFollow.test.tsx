import { createScriptedAudio, silenceFrames, speechFrames } from "@swaram/client/testing";
import { render, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SwaramProvider, useSwaramTool, VoiceButton } from "../src/index.js";
import { recordInbound, sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer({ toolCallEvery: 0 });
const orderTool = {
  type: "function" as const,
  name: "get_order_status",
  description: "Where an order is",
  parameters: { type: "object", properties: { orderId: { type: "string" } } },
};
function OrderStatus() {
  useSwaramTool("get_order_status", async ({ orderId }: { orderId: string }) => ({
    orderId,
    ok: 1,
  }));
  return null;
}
const turn = () => [...speechFrames(700), ...silenceFrames(900)];
function outputsOf(inbound: ReturnType<typeof recordInbound>) {
  return inbound
    .ofType("conversation.item.create")
    .map((e) => e.item as { type: string; output: string })
    .filter((item) => item.type === "function_call_output")
    .map((item) => JSON.parse(item.output) as Record<string, unknown>);
}

describe("tool registration follows the session", () => {
  it("registered before the session exists, and on the session that replaces it", async () => {
    const dev = server();
    const user = userEvent.setup();
    const inbound = recordInbound(dev);
    const audio = createScriptedAudio({ frames: turn() });
    const base = sessionOptions(dev, { audio, session: { tools: [orderTool] } });
    const app = (button: boolean, instructions: string) => (
      <SwaramProvider options={{ ...base, session: { ...base.session, instructions } }}>
        <OrderStatus />
        {button && <VoiceButton lang="en" />}
      </SwaramProvider>
    );
    const view = render(app(false, "one"));
    view.rerender(app(true, "one"));
    dev.script.toolCall("get_order_status", { orderId: "A1" });
    await user.click(screen.getByRole("button"));
    await waitFor(() => expect(outputsOf(inbound)).toHaveLength(1), { timeout: 10_000 });
    expect(outputsOf(inbound)[0]).toEqual({ orderId: "A1", ok: 1 });
    await user.click(screen.getByRole("button")); // stop
    await waitFor(() => expect(screen.getByRole("button").dataset.state).toBe("closed"));
    view.rerender(app(true, "two")); // a new setting: the next start builds a new session
    dev.script.toolCall("get_order_status", { orderId: "B2" });
    await user.click(screen.getByRole("button"));
    await audio.speak(turn());
    await waitFor(() => expect(outputsOf(inbound)).toHaveLength(2), { timeout: 10_000 });
    expect(outputsOf(inbound)[1]).toEqual({ orderId: "B2", ok: 1 });
    inbound.off();
    view.unmount();
  });
});
