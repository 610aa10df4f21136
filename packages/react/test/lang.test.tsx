import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LevelMeter, SwaramProvider, Transcript, VoiceButton } from "../src/index.js";
import { sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer();

function renderAll(lang: string | undefined, extra: { labels?: boolean } = {}) {
  const french = extra.labels;
  return render(
    <SwaramProvider options={sessionOptions(server())}>
      <VoiceButton lang={lang} labels={french ? { start: "Commencer la conversation" } : {}} />
      <LevelMeter lang={lang} aria-label={french ? "Niveau du micro" : undefined} />
      <Transcript lang={lang} labels={french ? { region: "Transcription" } : {}} />
    </SwaramProvider>,
  );
}

const langs = () =>
  ["button", "meter", "log"].map((role) => screen.getByRole(role).getAttribute("lang"));

describe("the lang attribute of <VoiceButton>, <LevelMeter> and <Transcript>", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is the tag the app passed, with its own labels in that language", () => {
    renderAll("fr", { labels: true });
    expect(langs()).toEqual(["fr", "fr", "fr"]);
    expect(screen.getByRole("button").textContent).toBe("Commencer la conversation");
    expect(screen.getByRole("meter").getAttribute("aria-label")).toBe("Niveau du micro");
    expect(screen.getByRole("log").getAttribute("aria-label")).toBe("Transcription");
  });

  it("is the built-in labels' language when they are shown under another tag (fr, no labels)", () => {
    renderAll("fr");
    expect(langs()).toEqual(["en", "en", "en"]);
    expect(screen.getByRole("button").textContent).toBe("Start voice conversation");
  });

  it("is the full tag (ml-IN), while the built-in labels follow its language", () => {
    renderAll("ml-IN");
    expect(langs()).toEqual(["ml-IN", "ml-IN", "ml-IN"]);
    expect(screen.getByRole("button").textContent).toBe("സംഭാഷണം തുടങ്ങുക");
    expect(screen.getByRole("meter").getAttribute("aria-label")).toBe("മൈക്രോഫോൺ ശബ്ദനില");
  });

  it("without a lang prop, is the language of the built-in labels shown", () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    renderAll(undefined);
    expect(langs()).toEqual(["en", "en", "en"]);
    vi.spyOn(navigator, "language", "get").mockReturnValue("ml-IN");
    act(() => {
      window.dispatchEvent(new Event("languagechange"));
    });
    expect(langs()).toEqual(["ml", "ml", "ml"]);
    expect(screen.getByRole("button").textContent).toBe("സംഭാഷണം തുടങ്ങുക");
  });
});

describe("labels given as undefined", () => {
  it("keep the built-in ones, on every component", () => {
    const notLoaded: string | undefined = undefined;
    render(
      <SwaramProvider options={sessionOptions(server())}>
        <VoiceButton lang="en" labels={{ start: notLoaded }} />
        <LevelMeter lang="en" aria-label={notLoaded} />
        <Transcript lang="en" labels={{ region: notLoaded }} />
      </SwaramProvider>,
    );
    expect(screen.getByRole("button").textContent).toBe("Start voice conversation");
    expect(screen.getByRole("meter").getAttribute("aria-label")).toBe("Microphone level");
    expect(screen.getByRole("log").getAttribute("aria-label")).toBe("Conversation transcript");
  });
});
