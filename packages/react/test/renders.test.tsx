import type { SessionState, SwaramSession } from "@swaram/client";
import { createScriptedAudio, silenceFrames, speechFrames } from "@swaram/client/testing";
import { act, render, screen, waitFor } from "@testing-library/react";
import { Profiler, type ProfilerOnRenderCallback, useEffect } from "react";
import { describe, expect, it } from "vitest";
import {
  LevelMeter,
  SwaramProvider,
  useAudioLevel,
  useSwaramContext,
  useSwaramState,
  VoiceButton,
} from "../src/index.js";
import { sessionOptions, untilState, withDevServer } from "./support/devServer.js";

const server = withDevServer();

/** Counts commits per Profiler id. */
function profiler() {
  const commits = new Map<string, number>();
  const onRender: ProfilerOnRenderCallback = (id) => commits.set(id, (commits.get(id) ?? 0) + 1);
  return { onRender, count: (id: string) => commits.get(id) ?? 0 };
}

function StatusOnly() {
  const status = useSwaramState((s) => s.status);
  return <output aria-label="status">{status}</output>;
}

function SessionOut({ into }: { into: { current: SwaramSession | null } }) {
  into.current = useSwaramContext().session;
  return null;
}

/** Distinct values a selector takes on the store, from now on. */
function distinct<T>(session: SwaramSession, select: (s: SessionState) => T) {
  const values = [select(session.store.getState())];
  const off = session.store.subscribe((s) => {
    const value = select(s);
    if (!Object.is(value, values.at(-1))) values.push(value);
  });
  return { values, off };
}

function Pulse({ levels, renders }: { levels: number[]; renders: { count: number } }) {
  renders.count += 1;
  useAudioLevel("input", (level) => levels.push(level));
  return null;
}

function Start() {
  const { start } = useSwaramContext();
  useEffect(() => {
    void start();
  }, [start]);
  return null;
}

describe("re-renders", () => {
  it("a status display renders once per status while audio frames and levels flow", async () => {
    const dev = server();
    const audio = createScriptedAudio({ frames: [...speechFrames(700), ...silenceFrames(900)] });
    const { onRender, count } = profiler();
    const holder: { current: SwaramSession | null } = { current: null };
    render(
      <SwaramProvider options={sessionOptions(dev, { audio })}>
        <SessionOut into={holder} />
        <Profiler id="status" onRender={onRender}>
          <StatusOnly />
        </Profiler>
        <Profiler id="meter" onRender={onRender}>
          <LevelMeter kind="input" lang="en" />
          <LevelMeter kind="output" lang="en" />
        </Profiler>
      </SwaramProvider>,
    );
    const session = holder.current as SwaramSession;
    const statuses = distinct(session, (s) => s.status);
    const meterValues = new Set<string>();
    const [inputMeter, outputMeter] = screen.getAllByRole("meter");
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement;
        meterValues.add(`${el.dataset.kind}:${el.getAttribute("aria-valuenow")}`);
      }
    });
    for (const meter of [inputMeter, outputMeter])
      observer.observe(meter as HTMLElement, {
        attributes: true,
        attributeFilter: ["aria-valuenow"],
      });
    expect(count("status")).toBe(1);
    expect(count("meter")).toBe(1);

    await act(() => session.start());
    const done = await untilState(
      session,
      (s) =>
        s.messages.some((m) => m.role === "agent" && m.status === "complete") &&
        s.activity === "listening",
      "the reply to finish",
    );
    await waitFor(() => expect(outputMeter?.getAttribute("aria-valuenow")).toBe("0"));
    observer.disconnect();
    statuses.off();

    expect(statuses.values).toEqual(["idle", "connecting", "connected"]);
    expect(done.metrics.framesSent).toBeGreaterThan(50);
    // At most one render per status (React 18's act batches connecting and connected into
    // one), never one per audio frame or level.
    expect(count("status")).toBeGreaterThanOrEqual(2);
    expect(count("status")).toBeLessThanOrEqual(statuses.values.length);
    expect(count("meter")).toBe(1);
    const shown = [...meterValues];
    expect(shown.filter((v) => v.startsWith("input:") && v !== "input:0").length).toBeGreaterThan(
      3,
    );
    expect(shown.filter((v) => v.startsWith("output:") && v !== "output:0").length).toBeGreaterThan(
      0,
    );
  });

  it("the voice button renders only on visible transitions, and its level ring not at all", async () => {
    const dev = server();
    const audio = createScriptedAudio({ frames: [...speechFrames(700), ...silenceFrames(900)] });
    const { onRender, count } = profiler();
    const holder: { current: SwaramSession | null } = { current: null };
    render(
      <SwaramProvider options={sessionOptions(dev, { audio })}>
        <SessionOut into={holder} />
        <Profiler id="button" onRender={onRender}>
          <VoiceButton lang="en" />
        </Profiler>
      </SwaramProvider>,
    );
    const session = holder.current as SwaramSession;
    const button = screen.getByRole("button");
    const visible = distinct(session, (s) => `${s.status}/${s.activity}/${s.muted}/${s.pressed}`);
    const rings = new Set<string>();
    const observer = new MutationObserver(() =>
      rings.add(button.style.getPropertyValue("--swaram-level")),
    );
    observer.observe(button, { attributes: true, attributeFilter: ["style"] });

    await act(() => session.start());
    await untilState(
      session,
      (s) =>
        s.messages.some((m) => m.role === "agent" && m.status === "complete") &&
        s.activity === "listening",
      "the reply to finish",
    );
    observer.disconnect();
    visible.off();

    expect(rings.size).toBeGreaterThan(5);
    expect(session.store.getState().metrics.framesSent).toBeGreaterThan(50);
    expect(count("button")).toBeLessThanOrEqual(visible.values.length);
    expect(count("button")).toBeGreaterThan(1);
  });

  it("useAudioLevel reports levels without rendering its component", async () => {
    const dev = server();
    const audio = createScriptedAudio({ frames: speechFrames(600) });
    const levels: number[] = [];
    const renders = { count: 0 };
    const holder: { current: SwaramSession | null } = { current: null };
    render(
      <SwaramProvider options={sessionOptions(dev, { audio })}>
        <SessionOut into={holder} />
        <Pulse levels={levels} renders={renders} />
        <Start />
      </SwaramProvider>,
    );
    await waitFor(() => expect(audio.framesDelivered).toBe(30), { timeout: 10_000 });
    await waitFor(() => expect(levels.filter((l) => l > 0.05).length).toBeGreaterThan(3));
    expect(renders.count).toBe(1);
    expect(Math.max(...levels)).toBeLessThanOrEqual(1);
  });
});
