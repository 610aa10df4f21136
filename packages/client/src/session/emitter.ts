import type { ServerEvent } from "../protocol/events.js";

type Listener = (event: ServerEvent) => void;

/** Raw event listeners by type, plus `"*"` for every event. */
export interface EventEmitter {
  on(type: string, listener: Listener): () => void;
  /** Deliver to listeners of `type`, of `rawType` when it differs (beta alias), and of `"*"`. */
  emit(type: string, rawType: string, event: ServerEvent): void;
  clear(): void;
}

/** A listener that throws is reported and never breaks the session. */
function report(error: unknown): void {
  const reportError = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (reportError) reportError(error);
  else console.error("[swaram] a session.on listener threw:", error);
}

export function createEventEmitter(): EventEmitter {
  const listeners = new Map<string, Set<Listener>>();
  const call = (type: string, event: ServerEvent) => {
    const set = listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (error) {
        report(error);
      }
    }
  };
  return {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
      }
      const wrapped: Listener = (event) => listener(event);
      set.add(wrapped);
      return () => {
        listeners.get(type)?.delete(wrapped);
      };
    },
    emit(type, rawType, event) {
      call(type, event);
      if (rawType !== type) call(rawType, event);
      call("*", event);
    },
    clear() {
      listeners.clear();
    },
  };
}
