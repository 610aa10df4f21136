import type { ServerEvent } from "../protocol/events.js";

type Listener = (event: ServerEvent) => void;

/** Raw event listeners by type, plus `"*"` for every event. */
export interface EventEmitter {
  on(type: string, listener: Listener): () => void;
  /** Deliver to listeners of `type`, of `rawType` when it differs (beta alias), and of `"*"`. */
  emit(type: string, rawType: string, event: ServerEvent): void;
  clear(): void;
}

export function createEventEmitter(): EventEmitter {
  const entries = new Set<{ type: string; listener: Listener }>();
  return {
    on(type, listener) {
      const entry = { type, listener };
      entries.add(entry);
      return () => {
        entries.delete(entry);
      };
    },
    emit(type, rawType, event) {
      for (const entry of [...entries]) {
        if (entry.type !== type && entry.type !== rawType && entry.type !== "*") continue;
        try {
          entry.listener(event);
        } catch (error) {
          // A listener that throws is reported and never breaks the session.
          (globalThis.reportError ?? console.error)(error);
        }
      }
    },
    clear: () => entries.clear(),
  };
}
