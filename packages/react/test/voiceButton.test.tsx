import { SwaramError } from "@swaram/client";
import { createScriptedAudio, silenceFrames, speechFrames } from "@swaram/client/testing";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { createRef } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { VoiceButton } from "../src/index.js";
import { withDevServer } from "./support/devServer.js";

const server = withDevServer();

/** Records every (data-state, data-activity, name) the button shows. */
function watchButton(button: HTMLElement) {
  const seen: string[] = [];
  const record = () => {
    const entry = `${button.dataset.state}/${button.dataset.activity ?? "-"}: ${button.textContent}`;
    if (seen.at(-1) !== entry) seen.push(entry);
  };
  record();
  const observer = new MutationObserver(record);
  observer.observe(button, {
    attributes: true,
    childList: true,
    characterData: true,
    subtree: true,
  });
  return { seen, stop: () => observer.disconnect() };
}

describe("<VoiceButton>", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("starts a conversation, names each state as it goes, and stops it", async () => {
    const dev = server();
    const audio = createScriptedAudio({ frames: [...speechFrames(700), ...silenceFrames(900)] });
    const user = userEvent.setup();
    render(
      <VoiceButton
        token={() => dev.mintToken()}
        options={{ baseUrl: dev.wsUrl, WebSocket, audio, reconnect: false }}
        lang="en"
      />,
    );

    const button = screen.getByRole("button", { name: "Start voice conversation" });
    expect(button).toHaveProperty("type", "button");
    expect(button.dataset.swaram).toBe("voice-button");
    expect(button.dataset.state).toBe("idle");
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(button.hasAttribute("disabled")).toBe(false);
    const watch = watchButton(button);

    await user.click(button);
    await screen.findByRole("button", { name: "Speaking — press to stop" }, { timeout: 10_000 });
    await screen.findByRole("button", { name: "Listening — press to stop" }, { timeout: 10_000 });
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(dev.sessions()).toHaveLength(1);
    expect(audio.running).toBe(true);

    await user.click(button);
    expect(button.dataset.state).toBe("closed");
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(button.textContent).toBe("Start voice conversation");
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
    expect(audio.running).toBe(false);
    watch.stop();

    expect(watch.seen).toEqual([
      "idle/-: Start voice conversation",
      "connecting/-: Connecting… press to cancel",
      "connected/listening: Listening — press to stop",
      "connected/user-speaking: Hearing you — press to stop",
      "connected/thinking: Thinking — press to stop",
      "connected/agent-speaking: Speaking — press to stop",
      "connected/listening: Listening — press to stop",
      "closed/-: Start voice conversation",
    ]);
  });

  it("speaks Malayalam when asked, or when the browser's language is Malayalam", async () => {
    const dev = server();
    const { unmount } = render(<VoiceButton token={() => dev.mintToken()} lang="ml" />);
    expect(screen.getByRole("button", { name: "സംഭാഷണം തുടങ്ങുക" }).getAttribute("lang")).toBe("ml");
    unmount();

    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    render(<VoiceButton token={() => dev.mintToken()} />);
    const button = screen.getByRole("button", { name: "Start voice conversation" });

    vi.spyOn(navigator, "language", "get").mockReturnValue("ml-IN");
    act(() => {
      window.dispatchEvent(new Event("languagechange"));
    });
    expect(button.textContent).toBe("സംഭാഷണം തുടങ്ങുക");
    expect(button.getAttribute("lang")).toBe("ml");
  });

  it("takes label overrides, and names an icon-only button with the label", () => {
    const dev = server();
    const { rerender } = render(
      <VoiceButton token={() => dev.mintToken()} lang="en" labels={{ start: "Talk to us" }} />,
    );
    expect(screen.getByRole("button", { name: "Talk to us" })).toBeTruthy();

    rerender(
      <VoiceButton token={() => dev.mintToken()} lang="en">
        <svg aria-hidden="true" />
      </VoiceButton>,
    );
    const button = screen.getByRole("button", { name: "Start voice conversation" });
    expect(button.getAttribute("aria-label")).toBe("Start voice conversation");
    expect(button.textContent).toBe("");
  });

  it("starts with Enter and stops with Space, like any button", async () => {
    const dev = server();
    const user = userEvent.setup();
    render(
      <VoiceButton
        token={() => dev.mintToken()}
        options={{ baseUrl: dev.wsUrl, WebSocket, audio: createScriptedAudio(), reconnect: false }}
        lang="en"
      />,
    );
    const button = screen.getByRole("button");
    await user.tab();
    expect(document.activeElement).toBe(button);

    await user.keyboard("{Enter}");
    await waitFor(() => expect(button.dataset.state).toBe("connected"));
    expect(button.getAttribute("aria-pressed")).toBe("true");

    await user.keyboard(" ");
    expect(button.dataset.state).toBe("closed");
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("runs the user's handlers first, and preventDefault in them stops the button", async () => {
    const dev = server();
    const user = userEvent.setup();
    const statesSeenByHandler: string[] = [];
    const ref = createRef<HTMLButtonElement>();
    render(
      <VoiceButton
        ref={ref}
        token={() => dev.mintToken()}
        options={{ baseUrl: dev.wsUrl, WebSocket, audio: null, reconnect: false }}
        lang="en"
        className="my-mic"
        style={{ color: "rebeccapurple" }}
        onClick={(event) => {
          statesSeenByHandler.push(event.currentTarget.dataset.state ?? "");
          if (event.currentTarget.dataset.blocked === "yes") event.preventDefault();
        }}
        data-blocked="yes"
      />,
    );
    const button = screen.getByRole("button");
    expect(ref.current).toBe(button);
    expect(button.className).toBe("my-mic");
    expect(button.style.color).toBe("rebeccapurple");

    await user.click(button);
    expect(statesSeenByHandler).toEqual(["idle"]);
    expect(button.dataset.state).toBe("idle");

    button.dataset.blocked = "no";
    await user.click(button);
    expect(statesSeenByHandler).toEqual(["idle", "idle"]);
    expect(button.dataset.state).toBe("connecting");
    await waitFor(() => expect(button.dataset.state).toBe("connected"));
    await user.click(button);
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("keeps the app's aria-disabled, focusable, and does nothing while it is true", async () => {
    const dev = server();
    const user = userEvent.setup();
    const app = (ariaDisabled: "true" | "false") => (
      <VoiceButton
        token={() => dev.mintToken()}
        options={{ baseUrl: dev.wsUrl, WebSocket, audio: null, reconnect: false }}
        lang="en"
        aria-disabled={ariaDisabled}
        aria-describedby="why"
      />
    );
    const view = render(app("true"));
    const button = screen.getByRole("button");
    expect(button.getAttribute("aria-disabled")).toBe("true");
    expect(button.getAttribute("aria-describedby")).toBe("why");
    expect(button.hasAttribute("disabled")).toBe(false);

    await user.tab();
    expect(document.activeElement).toBe(button);
    await user.keyboard("{Enter}");
    await user.keyboard(" ");
    await user.click(button);
    expect(button.dataset.state).toBe("idle");
    expect(dev.sessions()).toHaveLength(0);

    view.rerender(app("false"));
    expect(button.getAttribute("aria-disabled")).toBe("false");
    await user.click(button);
    await waitFor(() => expect(button.dataset.state).toBe("connected"));
    view.rerender(app("true"));
    await user.click(button);
    expect(button.dataset.state).toBe("connected");
    view.rerender(app("false"));
    await user.click(button);
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("in push-to-talk, takes no turn while aria-disabled, and ends a held one when it becomes so", async () => {
    const dev = server();
    const user = userEvent.setup();
    const audio = createScriptedAudio({ frames: speechFrames(4000) });
    const app = (ariaDisabled: boolean) => (
      <VoiceButton
        token={() => dev.mintToken()}
        options={{ baseUrl: dev.wsUrl, WebSocket, audio, reconnect: false, turns: "push-to-talk" }}
        lang="en"
        aria-disabled={ariaDisabled}
      />
    );
    const view = render(app(false));
    const button = screen.getByRole("button");
    await user.click(button);
    await screen.findByRole("button", { name: "Hold to talk" });

    view.rerender(app(true));
    await user.pointer({ keys: "[MouseLeft>]", target: button });
    expect(button.getAttribute("aria-pressed")).toBe("false");
    await user.pointer({ keys: "[/MouseLeft]", target: button });
    button.focus();
    await user.keyboard("[Space>]");
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(audio.captureEnabled).toBe(false);
    await user.keyboard("[/Space]");

    view.rerender(app(false));
    await user.keyboard("[Space>]");
    expect(button.getAttribute("aria-pressed")).toBe("true");
    view.rerender(app(true));
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(audio.captureEnabled).toBe(false);
  });

  it("shows a failed session as an error, and a press starts a fresh one", async () => {
    const dev = server();
    const user = userEvent.setup();
    render(
      <VoiceButton
        token={() => dev.mintToken()}
        options={{ baseUrl: dev.wsUrl, WebSocket, audio: null, reconnect: false }}
        lang="en"
      />,
    );
    const button = screen.getByRole("button");
    await user.click(button);
    await waitFor(() => expect(button.dataset.state).toBe("connected"));
    const [first] = dev.sessions();

    dev.faults.close(4008);
    await waitFor(() => expect(button.dataset.state).toBe("error"));
    expect(button.textContent).toBe("Too many sessions — press to try again");
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(button.hasAttribute("disabled")).toBe(false);

    await user.click(button);
    await waitFor(() => expect(button.dataset.state).toBe("connected"));
    const live = dev.sessions();
    expect(live).toHaveLength(1);
    expect(live[0]?.id).not.toBe(first?.id);
    await user.click(button);
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("says so when the microphone is refused", async () => {
    const dev = server();
    const user = userEvent.setup();
    const audio = createScriptedAudio({
      startError: new SwaramError("mic-permission", "The microphone permission was denied."),
    });
    render(
      <VoiceButton
        token={() => dev.mintToken()}
        options={{ baseUrl: dev.wsUrl, WebSocket, audio, reconnect: false }}
        lang="ml"
      />,
    );
    const button = screen.getByRole("button");
    await user.click(button);
    await waitFor(() => expect(button.dataset.state).toBe("error"));
    expect(button.textContent).toBe("മൈക്രോഫോൺ തടഞ്ഞു — അനുവദിച്ച് വീണ്ടും അമർത്തുക");
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  describe("names what went wrong, so a press is not promised to fix what it cannot", () => {
    type Failure = {
      /** Session options that make the connect fail this way. */
      options: () => Record<string, unknown>;
      /** Something to do once connected, for failures that end a live session. */
      whenConnected?: () => void;
    };
    const tokenOf = () => ({ token: () => server().mintToken() });
    const micFails = (code: "mic-permission" | "mic-unavailable" | "insecure-context") => ({
      options: () => ({
        ...tokenOf(),
        audio: createScriptedAudio({ startError: new SwaramError(code, `${code} in the test`) }),
      }),
    });
    const failures: Record<string, Failure> = {
      credits: {
        options: tokenOf,
        whenConnected: () => server().faults.close(4003),
      },
      concurrency: {
        options: tokenOf,
        whenConnected: () => server().faults.close(4008),
      },
      auth: { options: () => ({ token: async () => "swaram_ek_not_a_real_token" }) },
      "mic-permission": micFails("mic-permission"),
      "mic-unavailable": micFails("mic-unavailable"),
      "insecure-context": micFails("insecure-context"),
      "token-endpoint": {
        options: () => ({
          token: async () => {
            throw new Error("HTTP 502");
          },
        }),
      },
    };

    async function failWith(code: string, lang: "en" | "ml", labels?: Record<string, string>) {
      const failure = failures[code] as Failure;
      const user = userEvent.setup();
      const dev = server();
      const { token, ...options } = failure.options() as { token: () => Promise<string> };
      render(
        <VoiceButton
          token={token}
          options={{ baseUrl: dev.wsUrl, WebSocket, audio: null, reconnect: false, ...options }}
          lang={lang}
          labels={labels}
        />,
      );
      const button = screen.getByRole("button");
      await user.click(button);
      if (failure.whenConnected) {
        await waitFor(() => expect(button.dataset.state).toBe("connected"));
        failure.whenConnected();
      }
      await waitFor(() => expect(button.dataset.state).toBe("error"));
      await waitFor(() => expect(dev.sessions()).toHaveLength(0));
      return button;
    }

    it.each([
      ["credits", "Out of credits", "ക്രെഡിറ്റ് തീർന്നു"],
      [
        "concurrency",
        "Too many sessions — press to try again",
        "വളരെയധികം സെഷനുകൾ — വീണ്ടും ശ്രമിക്കാൻ അമർത്തുക",
      ],
      ["auth", "Not authorized to connect", "ബന്ധിപ്പിക്കാൻ അനുമതിയില്ല"],
      [
        "mic-permission",
        "Microphone blocked — allow it and press again",
        "മൈക്രോഫോൺ തടഞ്ഞു — അനുവദിച്ച് വീണ്ടും അമർത്തുക",
      ],
      [
        "mic-unavailable",
        "Microphone unavailable — press to try again",
        "മൈക്രോഫോൺ ലഭ്യമല്ല — വീണ്ടും ശ്രമിക്കാൻ അമർത്തുക",
      ],
      ["insecure-context", "Voice is not supported here", "ഇവിടെ ശബ്ദ സംഭാഷണം സാധ്യമല്ല"],
      [
        "token-endpoint",
        "Connection failed — press to try again",
        "ബന്ധം പരാജയപ്പെട്ടു — വീണ്ടും ശ്രമിക്കാൻ അമർത്തുക",
      ],
    ])("%s error: “%s”, in Malayalam “%s”", async (code, english, malayalam) => {
      const inEnglish = await failWith(code, "en");
      expect(inEnglish.textContent).toBe(english);
      cleanup();
      const inMalayalam = await failWith(code, "ml");
      expect(inMalayalam.textContent).toBe(malayalam);
    });

    it("takes overrides of the error labels too", async () => {
      const button = await failWith("credits", "en", { outOfCredits: "Voice is paused for now" });
      expect(button.textContent).toBe("Voice is paused for now");
    });
  });

  it("throws, naming <SwaramProvider>, when it has no session, token or provider", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => render(<VoiceButton />)).toThrow(/<SwaramProvider>/);
  });
});
