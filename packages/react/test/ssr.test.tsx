// @vitest-environment node
import { readFile } from "node:fs/promises";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const WATCHED = ["window", "navigator", "AudioContext", "AudioWorkletNode", "MediaStream"] as const;

/**
 * Records who reads a browser global: the direct caller (the frame below the
 * getter) in this package or the client core, and the phase (import or render).
 * The globals stay undefined, so any real use would throw and fail the render.
 */
function watchBrowserGlobals() {
  const reads: { name: string; phase: string; by: "react" | "client" }[] = [];
  let phase = "import";
  const saved = WATCHED.map(
    (name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const,
  );
  for (const name of WATCHED) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        const caller = (new Error().stack ?? "").split("\n")[2] ?? "";
        if (caller.includes("packages/react/src/")) reads.push({ name, phase, by: "react" });
        if (caller.includes("packages/client/src/")) reads.push({ name, phase, by: "client" });
        return undefined;
      },
    });
  }
  return {
    reads,
    rendering() {
      phase = "render";
    },
    restore() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete (globalThis as Record<string, unknown>)[name];
      }
    },
  };
}

describe("server rendering", () => {
  let watch: ReturnType<typeof watchBrowserGlobals>;
  beforeAll(() => {
    watch = watchBrowserGlobals();
  });
  afterAll(() => {
    watch.restore();
  });

  it("imports and renders without using window, navigator or audio APIs", async () => {
    const kit = await import("../src/index.js");
    watch.rendering();
    const html = renderToString(<kit.VoiceButton token="/api/swaram-token" />);
    expect(html).toContain('data-swaram="voice-button"');
    expect(html).toContain('data-state="idle"');
    expect(html).toContain('type="button"');
    expect(html).toContain('aria-pressed="false"');
    expect(html).toContain(">Start voice conversation</button>");

    const page = renderToString(
      <kit.SwaramProvider options={{ token: "/api/swaram-token", turns: "push-to-talk" }}>
        <kit.VoiceButton lang="ml" />
        <kit.Transcript lang="ml" />
        <kit.LevelMeter kind="output" lang="en" />
      </kit.SwaramProvider>,
    );
    expect(page).toContain('data-mode="push-to-talk"');
    expect(page).toContain("സംഭാഷണം തുടങ്ങുക");
    expect(page).toContain('role="log"');
    expect(page).toContain('aria-live="polite"');
    expect(page).toContain('role="meter"');
    expect(page).toContain('aria-valuenow="0"');
    // Nothing reads them at import; while rendering, this package never does, and
    // the client core only feature-detects (`typeof window`), finding no browser.
    expect(watch.reads.filter((r) => r.phase === "import")).toEqual([]);
    expect(watch.reads.filter((r) => r.by === "react")).toEqual([]);
  });

  it("marks the entry as a client module", async () => {
    const entry = await readFile(new URL("../src/index.ts", import.meta.url), "utf8");
    expect(entry.startsWith('"use client";')).toBe(true);
  });
});
