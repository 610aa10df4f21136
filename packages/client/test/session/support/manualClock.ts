import type { SessionClock } from "../../../src/session/types.js";

/** A session clock whose timers run only when the test advances time. */
export function createManualClock(start = 1_000_000) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: SessionClock & {
    advance(ms: number): void;
    pending(): number;
    /** Delays of the pending timers, from now. */
    delays(): number[];
  } = {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
    pending: () => timers.size,
    delays: () => [...timers.values()].map((t) => t.at - now),
  };
  return clock;
}
