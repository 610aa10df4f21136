import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/** The init script that installs `window.__probe` (see probe.page.js). */
export const PROBE_SCRIPT = fileURLToPath(new URL("./probe.page.js", import.meta.url));

/** What `window.__probe` records; read it with {@link readProbe}. */
export interface ProbeRecord {
  /** `readyState` of every microphone track the page opened and still holds, in order. */
  tracks: ("live" | "ended")[];
  tracksCreated: number;
  /** Tracks stopped by `stop()` or ended by the browser. */
  tracksStopped: number;
  /** Every `getUserMedia` call in order: `"granted"`, `"pending"`, or the name of its error. */
  micRequests: string[];
  contextsCreated: number;
  contextsClosed: number;
  /** AudioContexts the page still holds that are not closed. */
  contextsOpen: number;
  sockets: { url: string; offered: string[]; agreed: string | null; closeCode: number | null }[];
  /** Server events by arrival (`performance.now()`); audio deltas: the first of each reply. */
  events: { t: number; type: string; responseId?: string }[];
  /** The voice button's `data-state` and the meters' `aria-valuenow`, as they changed. */
  changes: { t: number; what: "state" | "input" | "output"; value: string }[];
}

/** A copy of what the page recorded so far. */
export function readProbe(page: Page): Promise<ProbeRecord> {
  return page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: the probe is untyped page-side JavaScript
    const p = (window as any).__probe;
    return {
      tracks: p.tracks
        .map((ref: WeakRef<MediaStreamTrack>) => ref.deref()?.readyState)
        .filter((state: string | undefined) => state !== undefined),
      tracksCreated: p.tracksCreated,
      tracksStopped: p.tracksStopped,
      micRequests: p.micRequests.map((r: { outcome: string }) => r.outcome),
      contextsCreated: p.contextsCreated,
      contextsClosed: p.contextsClosed,
      contextsOpen: p.contexts
        .map((ref: WeakRef<AudioContext>) => ref.deref())
        .filter((c: AudioContext | undefined) => c !== undefined && c.state !== "closed").length,
      sockets: p.sockets,
      events: p.events,
      changes: p.changes,
    };
  });
}

/** The voice button's states in the order they were shown (repeats collapsed). */
export function stateHistory(record: ProbeRecord): string[] {
  const states = record.changes.filter((c) => c.what === "state").map((c) => c.value);
  return states.filter((state, i) => state !== states[i - 1]);
}

/** Output meter readings (0–100) at or after `from` and before `to` (page clock). */
export function outputLevels(
  record: ProbeRecord,
  from = 0,
  to = Number.POSITIVE_INFINITY,
): number[] {
  return record.changes
    .filter((c) => c.what === "output" && c.t >= from && c.t < to)
    .map((c) => Number(c.value));
}

/** The output meter's reading (0–100) at page time `t`: its last change before, else 0. */
export function outputLevelAt(record: ProbeRecord, t: number): number {
  const last = record.changes.filter((c) => c.what === "output" && c.t <= t).at(-1);
  return last === undefined ? 0 : Number(last.value);
}
