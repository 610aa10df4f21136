import type { AudioLevels, LevelSource } from "./types.js";

/** The session's level source plus the setter the audio sink drives. */
export interface LevelChannel extends LevelSource {
  set(kind: keyof AudioLevels, level: number): void;
  /** Back to silence (on stop). */
  reset(): void;
  clear(): void;
}

export function createLevelChannel(): LevelChannel {
  let current: AudioLevels = { input: 0, output: 0 };
  const listeners = new Set<(levels: AudioLevels) => void>();
  const publish = (next: AudioLevels) => {
    if (next.input === current.input && next.output === current.output) return;
    current = next;
    for (const listener of [...listeners]) listener(current);
  };
  return {
    get: () => current,
    subscribe(listener) {
      // Wrapped, so that the same function subscribed twice is two subscriptions.
      const wrapped = (levels: AudioLevels) => listener(levels);
      listeners.add(wrapped);
      return () => {
        listeners.delete(wrapped);
      };
    },
    set(kind, level) {
      publish({ ...current, [kind]: Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0 });
    },
    reset: () => publish({ input: 0, output: 0 }),
    clear: () => listeners.clear(),
  };
}
