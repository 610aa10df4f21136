import { createScriptedAudio, speechFrames } from "@swaram/client/testing";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { VoiceButton } from "../src/index.js";
import { recordInbound, withDevServer } from "./support/devServer.js";

const server = withDevServer();

function renderPushToTalk() {
  const dev = server();
  const audio = createScriptedAudio({ frames: speechFrames(4000) });
  render(
    <VoiceButton
      token={() => dev.mintToken()}
      options={{ baseUrl: dev.wsUrl, WebSocket, audio, reconnect: false, turns: "push-to-talk" }}
      lang="en"
    />,
  );
  return { dev, audio, button: screen.getByRole("button") };
}

describe("<VoiceButton> in push-to-talk", () => {
  it("connects on a press, then talks while the pointer is held down", async () => {
    const { dev, audio, button } = renderPushToTalk();
    const user = userEvent.setup();
    const inbound = recordInbound(dev);
    expect(button.dataset.mode).toBe("push-to-talk");
    expect(button.textContent).toBe("Start voice conversation");

    await user.click(button);
    await screen.findByRole("button", { name: "Hold to talk" });
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(audio.captureEnabled).toBe(false);

    await user.pointer({ keys: "[MouseLeft>]", target: button });
    expect(button.textContent).toBe("Release to send");
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(audio.captureEnabled).toBe(true);
    await waitFor(() =>
      expect(inbound.ofType("input_audio_buffer.append").length).toBeGreaterThan(10),
    );

    await user.pointer({ keys: "[/MouseLeft]", target: button });
    expect(button.textContent).toBe("Hold to talk");
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(audio.captureEnabled).toBe(false);
    await waitFor(() => expect(inbound.ofType("input_audio_buffer.commit")).toHaveLength(1));
    await waitFor(() => expect(button.dataset.activity).toBe("agent-speaking"));
    expect(button.dataset.state).toBe("connected");
    inbound.off();
  });

  it("talks while Space is held on the focused button, ignoring key repeat", async () => {
    const { dev, audio, button } = renderPushToTalk();
    const user = userEvent.setup();
    const inbound = recordInbound(dev);
    button.focus();
    await user.keyboard("{Enter}");
    await screen.findByRole("button", { name: "Hold to talk" });

    await user.keyboard("[Space>4]");
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(audio.captureEnabled).toBe(true);
    await waitFor(() =>
      expect(inbound.ofType("input_audio_buffer.append").length).toBeGreaterThan(10),
    );

    await user.keyboard("[/Space]");
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(button.dataset.state).toBe("connected");
    await waitFor(() => expect(inbound.ofType("input_audio_buffer.commit")).toHaveLength(1));
    inbound.off();
  });

  it("ends the turn when focus leaves while Space is held", async () => {
    const { dev, audio, button } = renderPushToTalk();
    const user = userEvent.setup();
    const inbound = recordInbound(dev);
    button.focus();
    await user.keyboard("{Enter}");
    await screen.findByRole("button", { name: "Hold to talk" });

    await user.keyboard("[Space>]");
    expect(audio.captureEnabled).toBe(true);
    await waitFor(() =>
      expect(inbound.ofType("input_audio_buffer.append").length).toBeGreaterThan(5),
    );
    fireEvent.blur(button);
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(audio.captureEnabled).toBe(false);
    await waitFor(() => expect(inbound.ofType("input_audio_buffer.commit")).toHaveLength(1));
    inbound.off();
  });

  it("waits, marked aria-disabled but focusable, while it connects", async () => {
    const { dev, button } = renderPushToTalk();
    dev.faults.delay(300);
    try {
      fireEvent.click(button);
      expect(button.dataset.state).toBe("connecting");
      expect(button.getAttribute("aria-disabled")).toBe("true");
      expect(button.hasAttribute("disabled")).toBe(false);
      expect(button.textContent).toBe("Connecting…");
      fireEvent.click(button);
      expect(button.dataset.state).toBe("connecting");
      await screen.findByRole("button", { name: "Hold to talk" }, { timeout: 5_000 });
      expect(button.hasAttribute("aria-disabled")).toBe(false);
    } finally {
      dev.faults.delay(0);
    }
  });
});
