import { createScriptedAudio } from "@swaram/client/testing";
import { render, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { Activity, StrictMode } from "react";
import { describe, expect, it } from "vitest";
import { VoiceButton } from "../src/index.js";
import { countingWebSocket } from "./support/countingWebSocket.js";
import { withDevServer } from "./support/devServer.js";

// <Activity> is React 19.2+: the React 18 run of this suite leaves this file out.
const server = withDevServer();

describe("<Activity>", () => {
  it("hiding the button with <Activity> frees the session; showing it again gives a fresh one", async () => {
    const dev = server();
    const sockets = countingWebSocket();
    const audio = createScriptedAudio();
    const user = userEvent.setup();
    const app = (mode: "visible" | "hidden") => (
      <StrictMode>
        <Activity mode={mode}>
          <VoiceButton
            token={() => dev.mintToken()}
            options={{ baseUrl: dev.wsUrl, WebSocket: sockets.WebSocket, audio, reconnect: false }}
            lang="en"
          />
        </Activity>
      </StrictMode>
    );
    const view = render(app("visible"));
    const button = screen.getByRole("button");
    await user.click(button);
    await waitFor(() => expect(button.dataset.state).toBe("connected"));

    view.rerender(app("hidden"));
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
    expect(sockets.live()).toBe(0);
    expect(audio.running).toBe(false);

    view.rerender(app("visible"));
    const shown = screen.getByRole("button", { name: "Start voice conversation" });
    expect(shown.dataset.state).toBe("idle");
    await user.click(shown);
    await waitFor(() => expect(shown.dataset.state).toBe("connected"));
    expect(dev.sessions()).toHaveLength(1);
    expect(audio.running).toBe(true);
  });
});
