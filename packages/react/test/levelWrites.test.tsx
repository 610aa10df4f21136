import type { AudioIO, AudioSink, SwaramSession } from "@swaram/client";
import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LevelMeter, SwaramProvider, useSwaramContext, VoiceButton } from "../src/index.js";
import { sessionOptions, untilState, withDevServer } from "./support/devServer.js";

const server = withDevServer();

/** A microphone and speaker whose levels the test sets by hand. */
function steeredAudio() {
  let sink: AudioSink | null = null;
  const audio: AudioIO = {
    async start(next) {
      sink = next;
    },
    async stop() {
      sink = null;
    },
    play() {},
    flush() {},
    setCaptureEnabled() {},
  };
  return {
    audio,
    level(kind: "input" | "output", level: number) {
      if (!sink) throw new Error("audio not started");
      sink.onLevel(kind, level);
    },
  };
}

function SessionOut({ into }: { into: { current: SwaramSession | null } }) {
  into.current = useSwaramContext().session;
  return null;
}

/** Every attribute write (style included) on the elements, from now on. */
function watchWrites(elements: HTMLElement[]) {
  const writes: string[] = [];
  const record = (records: MutationRecord[]) => {
    for (const r of records) {
      writes.push(`${(r.target as HTMLElement).dataset.swaram}: ${r.attributeName}`);
    }
  };
  const observer = new MutationObserver(record);
  for (const el of elements) observer.observe(el, { attributes: true });
  return {
    writes: () => {
      record(observer.takeRecords());
      return writes;
    },
    stop: () => observer.disconnect(),
  };
}

describe("level writes", () => {
  const realFrame = window.requestAnimationFrame.bind(window);
  /** After every animation frame requested so far has run (frames run in request order). */
  const nextFrame = () => act(() => new Promise<void>((resolve) => realFrame(() => resolve())));

  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function connectedKit() {
    const dev = server();
    const steered = steeredAudio();
    const frames = vi.spyOn(window, "requestAnimationFrame");
    const holder: { current: SwaramSession | null } = { current: null };
    render(
      <SwaramProvider options={sessionOptions(dev, { audio: steered.audio })}>
        <SessionOut into={holder} />
        <VoiceButton lang="en" />
        <LevelMeter kind="input" lang="en" />
        <LevelMeter kind="output" lang="en" />
      </SwaramProvider>,
    );
    const session = holder.current as SwaramSession;
    await act(() => session.start());
    await untilState(session, (s) => s.status === "connected", "connected");
    const button = screen.getByRole("button");
    const [inputMeter, outputMeter] = screen.getAllByRole("meter") as HTMLElement[];
    return { steered, frames, button, inputMeter, outputMeter, session } as const;
  }

  it("a mic level that only wavers below a percent leaves the button and the meters untouched", async () => {
    const { steered, button, inputMeter, outputMeter, session } = await connectedKit();
    steered.level("input", 0.42);
    await nextFrame();
    expect(Number(button.style.getPropertyValue("--swaram-level"))).toBe(0.42);
    expect(Number(button.style.getPropertyValue("--swaram-input-level"))).toBe(0.42);
    expect(inputMeter?.getAttribute("aria-valuenow")).toBe("42");
    expect(Number(inputMeter?.style.getPropertyValue("--swaram-level"))).toBe(0.42);

    const watch = watchWrites([button, inputMeter as HTMLElement, outputMeter as HTMLElement]);
    for (let i = 0; i < 20; i++) {
      steered.level("input", i % 2 === 0 ? 0.4211 : 0.4189);
      await nextFrame();
    }
    expect(watch.writes()).toEqual([]);

    // A real change still shows, and only the properties that changed are written.
    const setProperty = vi.spyOn(button.style, "setProperty");
    steered.level("input", 0.6);
    await nextFrame();
    watch.stop();
    expect(Number(button.style.getPropertyValue("--swaram-level"))).toBe(0.6);
    expect(inputMeter?.getAttribute("aria-valuenow")).toBe("60");
    expect(setProperty.mock.calls.map(([name]) => name).sort()).toEqual([
      "--swaram-input-level",
      "--swaram-level",
    ]);
    expect(watch.writes().filter((w) => w.startsWith("level-meter"))).toEqual([
      "level-meter: style",
      "level-meter: aria-valuenow",
    ]);
    await act(() => session.stop());
  });

  it("silence (levels at 0, or below a percent) requests no animation frame at all", async () => {
    const { steered, frames, button, inputMeter, outputMeter, session } = await connectedKit();
    steered.level("input", 0.3);
    steered.level("output", 0.5);
    await nextFrame();
    steered.level("input", 0);
    steered.level("output", 0);
    await nextFrame();
    expect(Number(button.style.getPropertyValue("--swaram-level"))).toBe(0);
    expect(outputMeter?.getAttribute("aria-valuenow")).toBe("0");

    const watch = watchWrites([button, inputMeter as HTMLElement, outputMeter as HTMLElement]);
    const requested = frames.mock.calls.length;
    for (let i = 0; i < 20; i++) {
      steered.level("input", i % 2 === 0 ? 0.0004 : 0.0031);
      steered.level("output", i % 2 === 0 ? 0.002 : 0);
      await nextFrame();
    }
    watch.stop();
    expect(frames.mock.calls.length).toBe(requested);
    expect(watch.writes()).toEqual([]);
    await act(() => session.stop());
  });
});
