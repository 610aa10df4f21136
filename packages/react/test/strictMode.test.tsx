import type { TokenFunction } from "@swaram/client";
import { createScriptedAudio, speechFrames } from "@swaram/client/testing";
import { act, render, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { StrictMode, useEffect } from "react";
import { describe, expect, it } from "vitest";
import { SwaramProvider, useSwaramContext, useSwaramState, VoiceButton } from "../src/index.js";
import { countingWebSocket } from "./support/countingWebSocket.js";
import { sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer();

/** A token function whose calls the test can wait on. */
function trackedToken(mint: () => Promise<string>) {
  const calls: Promise<string>[] = [];
  const token: TokenFunction = () => {
    const call = mint();
    calls.push(call);
    return call;
  };
  return { token, settled: () => Promise.allSettled(calls), calls: () => calls.length };
}

/** Starts on mount and stops on unmount: StrictMode runs this start, stop, start. */
function AutoStart() {
  const { start, stop } = useSwaramContext();
  useEffect(() => {
    void start();
    return () => {
      void stop();
    };
  }, [start, stop]);
  const status = useSwaramState((s) => s.status);
  return <output aria-label="status">{status}</output>;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("StrictMode and fast start/stop", () => {
  it("double effects (start, stop, start) leave one socket and one open mic", async () => {
    const dev = server();
    const sockets = countingWebSocket();
    const audio = createScriptedAudio({ frames: speechFrames(300) });
    const tracked = trackedToken(() => dev.mintToken());
    const view = render(
      <StrictMode>
        <SwaramProvider
          options={sessionOptions(dev, {
            audio,
            token: tracked.token,
            WebSocket: sockets.WebSocket,
          })}
        >
          <AutoStart />
        </SwaramProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByLabelText("status").textContent).toBe("connected"));
    await tracked.settled();
    await tick();

    expect(tracked.calls()).toBe(2);
    expect(sockets.opened()).toBe(1);
    expect(dev.sessions()).toHaveLength(1);
    expect(audio.starts - audio.stops).toBe(1);
    expect(audio.running).toBe(true);

    view.unmount();
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
    expect(sockets.live()).toBe(0);
    expect(audio.running).toBe(false);
    expect(audio.stops).toBe(audio.starts);
  });

  it("clicking start, stop, start quickly ends with one socket and one open mic", async () => {
    const dev = server();
    const sockets = countingWebSocket();
    const audio = createScriptedAudio();
    const tracked = trackedToken(() => dev.mintToken());
    const user = userEvent.setup();
    render(
      <StrictMode>
        <VoiceButton
          token={tracked.token}
          options={{ baseUrl: dev.wsUrl, WebSocket: sockets.WebSocket, audio, reconnect: false }}
          lang="en"
        />
      </StrictMode>,
    );
    const button = screen.getByRole("button");
    await user.click(button);
    await user.click(button);
    await user.click(button);
    await waitFor(() => expect(button.dataset.state).toBe("connected"));
    await tracked.settled();
    await tick();

    expect(tracked.calls()).toBe(2);
    expect(sockets.live()).toBe(1);
    expect(dev.sessions()).toHaveLength(1);
    expect(audio.starts - audio.stops).toBe(1);
  });

  it("unmounting while the token is being fetched opens no socket and releases the mic", async () => {
    const dev = server();
    const sockets = countingWebSocket();
    const audio = createScriptedAudio();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tracked = trackedToken(async () => {
      await gate;
      return dev.mintToken();
    });
    const view = render(
      <StrictMode>
        <SwaramProvider
          options={sessionOptions(dev, {
            audio,
            token: tracked.token,
            WebSocket: sockets.WebSocket,
          })}
        >
          <AutoStart />
        </SwaramProvider>
      </StrictMode>,
    );
    expect(screen.getByLabelText("status").textContent).toBe("connecting");
    expect(audio.running).toBe(true);

    view.unmount();
    await act(() => Promise.resolve());
    expect(audio.running).toBe(false);
    release();
    await tracked.settled();
    await tick();

    expect(sockets.opened()).toBe(0);
    expect(dev.sessions()).toHaveLength(0);
    expect(audio.stops).toBe(audio.starts);
  });

  it("unmounting while the socket is connecting closes it and releases the mic", async () => {
    const dev = server();
    const sockets = countingWebSocket();
    const audio = createScriptedAudio();
    dev.faults.delay(400);
    try {
      const view = render(
        <StrictMode>
          <SwaramProvider options={sessionOptions(dev, { audio, WebSocket: sockets.WebSocket })}>
            <AutoStart />
          </SwaramProvider>
        </StrictMode>,
      );
      await waitFor(() => expect(dev.sessions()).toHaveLength(1));
      expect(screen.getByLabelText("status").textContent).toBe("connecting");

      view.unmount();
      await waitFor(() => expect(dev.sessions()).toHaveLength(0));
      expect(sockets.live()).toBe(0);
      expect(audio.running).toBe(false);
      expect(audio.stops).toBe(audio.starts);
    } finally {
      dev.faults.delay(0);
    }
  });

  it("an owned button under StrictMode holds one session and frees it on unmount", async () => {
    const dev = server();
    const sockets = countingWebSocket();
    const audio = createScriptedAudio();
    const user = userEvent.setup();
    const view = render(
      <StrictMode>
        <VoiceButton
          token={() => dev.mintToken()}
          options={{ baseUrl: dev.wsUrl, WebSocket: sockets.WebSocket, audio, reconnect: false }}
          lang="en"
        />
      </StrictMode>,
    );
    const button = screen.getByRole("button");
    await user.click(button);
    await waitFor(() => expect(button.dataset.state).toBe("connected"));
    expect(sockets.opened()).toBe(1);
    expect(audio.starts).toBe(1);

    view.unmount();
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
    expect(sockets.live()).toBe(0);
    expect(audio.running).toBe(false);
  });
});
