import { createSwaramSession, type SwaramSession } from "@swaram/client";
import { createScriptedAudio, type ScriptedAudio, speechFrames } from "@swaram/client/testing";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { VoiceButton } from "../src/index.js";
import { recordInbound, sessionOptions, withDevServer } from "./support/devServer.js";

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

/** Push-to-talk sessions of the test's own, against the dev server, disposed after each test. */
const sessions: SwaramSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});
async function connectedPushToTalk(): Promise<{ session: SwaramSession; audio: ScriptedAudio }> {
  const audio = createScriptedAudio({ frames: speechFrames(4000) });
  const session = createSwaramSession(sessionOptions(server(), { audio, turns: "push-to-talk" }));
  sessions.push(session);
  await act(() => session.start());
  return { session, audio };
}

describe("<VoiceButton> in push-to-talk ends the turn it holds when no release can come", () => {
  it("when it unmounts while held (a conditional render)", async () => {
    const { session, audio } = await connectedPushToTalk();
    const user = userEvent.setup();
    const app = (shown: boolean) => <>{shown && <VoiceButton session={session} lang="en" />}</>;
    const view = render(app(true));
    await user.pointer({ keys: "[MouseLeft>]", target: screen.getByRole("button") });
    expect(session.store.getState().pressed).toBe(true);
    expect(audio.captureEnabled).toBe(true);

    view.rerender(app(false));
    expect(session.store.getState().pressed).toBe(false);
    expect(audio.captureEnabled).toBe(false);
    expect(session.store.getState().status).toBe("connected");
  });

  it("when it becomes disabled while Space or the pointer holds it", async () => {
    const { session, audio } = await connectedPushToTalk();
    const user = userEvent.setup();
    const app = (disabled: boolean) => (
      <VoiceButton session={session} lang="en" disabled={disabled} />
    );
    const view = render(app(false));
    const button = screen.getByRole("button");
    button.focus();
    await user.keyboard("[Space>]");
    expect(session.store.getState().pressed).toBe(true);
    view.rerender(app(true));
    expect(session.store.getState().pressed).toBe(false);
    expect(audio.captureEnabled).toBe(false);
    expect(button.getAttribute("aria-pressed")).toBe("false");
    await user.keyboard("[/Space]");

    view.rerender(app(false));
    await user.pointer({ keys: "[MouseLeft>]", target: button });
    expect(session.store.getState().pressed).toBe(true);
    view.rerender(app(true));
    expect(session.store.getState().pressed).toBe(false);
    expect(audio.captureEnabled).toBe(false);
  });

  it("when its session changes while held: the session it pressed is released", async () => {
    const first = await connectedPushToTalk();
    const second = await connectedPushToTalk();
    const user = userEvent.setup();
    const view = render(<VoiceButton session={first.session} lang="en" />);
    await user.pointer({ keys: "[MouseLeft>]", target: screen.getByRole("button") });
    expect(first.session.store.getState().pressed).toBe(true);

    view.rerender(<VoiceButton session={second.session} lang="en" />);
    expect(first.session.store.getState().pressed).toBe(false);
    expect(first.audio.captureEnabled).toBe(false);
    expect(second.session.store.getState().pressed).toBe(false);
    // The pointer's release on the new session ends no turn there.
    await user.pointer({ keys: "[/MouseLeft]", target: screen.getByRole("button") });
    expect(second.session.store.getState().pressed).toBe(false);
  });

  it("when the pointer capture is lost without a pointerup", async () => {
    const { session, audio } = await connectedPushToTalk();
    render(<VoiceButton session={session} lang="en" />);
    const button = screen.getByRole("button");
    fireEvent.pointerDown(button, { button: 0, pointerId: 7 });
    expect(session.store.getState().pressed).toBe(true);
    fireEvent.lostPointerCapture(button, { pointerId: 7 });
    expect(session.store.getState().pressed).toBe(false);
    expect(audio.captureEnabled).toBe(false);
  });

  it("but not when another button on the session is pressed and released meanwhile", async () => {
    const { session, audio } = await connectedPushToTalk();
    render(
      <>
        <VoiceButton session={session} lang="en" data-testid="a" />
        <VoiceButton session={session} lang="en" data-testid="b" />
      </>,
    );
    const a = screen.getByTestId("a");
    const b = screen.getByTestId("b");
    fireEvent.pointerDown(a, { button: 0, pointerId: 1 });
    fireEvent.pointerDown(b, { button: 0, pointerId: 2 });
    fireEvent.pointerUp(b, { button: 0, pointerId: 2 });
    expect(session.store.getState().pressed).toBe(true);
    expect(audio.captureEnabled).toBe(true);
    // A second finger on the same button neither.
    fireEvent.pointerDown(a, { button: 0, pointerId: 3 });
    fireEvent.pointerUp(a, { button: 0, pointerId: 3 });
    expect(a.getAttribute("aria-pressed")).toBe("true");
    fireEvent.pointerUp(a, { button: 0, pointerId: 1 });
    expect(session.store.getState().pressed).toBe(false);
  });

  it("and StrictMode's simulated unmount at mount ends nothing", async () => {
    const { session, audio } = await connectedPushToTalk();
    const user = userEvent.setup();
    render(
      <StrictMode>
        <VoiceButton session={session} lang="en" />
      </StrictMode>,
    );
    const button = screen.getByRole("button");
    await user.pointer({ keys: "[MouseLeft>]", target: button });
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(session.store.getState().pressed).toBe(true);
    expect(audio.captureEnabled).toBe(true);
    expect(button.getAttribute("aria-pressed")).toBe("true");
    await user.pointer({ keys: "[/MouseLeft]", target: button });
    expect(session.store.getState().pressed).toBe(false);
  });
});
