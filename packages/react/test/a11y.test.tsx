import { createScriptedAudio, silenceFrames, speechFrames } from "@swaram/client/testing";
import { act, render, screen, waitFor } from "@testing-library/react";
import { useEffect } from "react";
import { describe, expect, it } from "vitest";
import { configureAxe } from "vitest-axe";
import {
  LevelMeter,
  SwaramProvider,
  Transcript,
  useSwaramContext,
  VoiceButton,
} from "../src/index.js";
import { sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer();

// jsdom renders nothing, so colour contrast cannot be measured here (axe would
// only report it as incomplete); every other rule runs.
const axe = configureAxe({ rules: { "color-contrast": { enabled: false } } });

function Start() {
  const { start } = useSwaramContext();
  useEffect(() => {
    void start();
  }, [start]);
  return null;
}

describe("accessibility (axe)", () => {
  it("the voice button has no violations, idle and connected, in both languages", async () => {
    const dev = server();
    const { container, rerender } = render(
      <main>
        <VoiceButton token={() => dev.mintToken()} lang="en" />
        <VoiceButton token={() => dev.mintToken()} lang="ml">
          <svg aria-hidden="true" />
        </VoiceButton>
      </main>,
    );
    expect((await axe(container)).violations).toEqual([]);

    rerender(
      <main>
        <SwaramProvider options={sessionOptions(dev, { turns: "push-to-talk" })}>
          <Start />
          <VoiceButton lang="en" />
        </SwaramProvider>
      </main>,
    );
    await screen.findByRole("button", { name: "Hold to talk" });
    expect((await axe(container)).violations).toEqual([]);
  });

  it("the transcript has no violations with a user turn, a reply and a tool call", async () => {
    const dev = server();
    dev.script.transcript("എന്റെ ഓർഡർ എവിടെ?");
    dev.script.toolCall("get_order_status", { orderId: "A12" });
    const audio = createScriptedAudio({ frames: [...speechFrames(700), ...silenceFrames(900)] });
    const { container } = render(
      <main>
        <SwaramProvider
          options={sessionOptions(dev, {
            audio,
            tools: { get_order_status: () => ({ status: "shipped" }) },
          })}
        >
          <Start />
          <Transcript lang="ml" />
        </SwaramProvider>
      </main>,
    );
    const log = screen.getByRole("log");
    await waitFor(
      () =>
        expect(log.querySelector('li[data-role="agent"][data-status="complete"]')).not.toBeNull(),
      {
        timeout: 10_000,
      },
    );
    expect([...log.querySelectorAll("li")].map((li) => li.dataset.role)).toEqual([
      "user",
      "tool",
      "agent",
    ]);
    expect((await axe(container)).violations).toEqual([]);
  });

  it("the level meters have no violations, at rest and while levels move", async () => {
    const dev = server();
    const audio = createScriptedAudio({ frames: speechFrames(600) });
    const { container } = render(
      <main>
        <SwaramProvider options={sessionOptions(dev, { audio })}>
          <LevelMeter kind="input" lang="en" />
          <LevelMeter kind="output" lang="ml" />
          <Start />
        </SwaramProvider>
      </main>,
    );
    const [input] = screen.getAllByRole("meter");
    expect(input?.getAttribute("aria-label")).toBe("Microphone level");
    await waitFor(() => expect(Number(input?.getAttribute("aria-valuenow"))).toBeGreaterThan(0));
    await act(async () => {
      expect((await axe(container)).violations).toEqual([]);
    });
  });
});
