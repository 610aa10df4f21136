import type { SessionState, SwaramSession } from "@swaram/client";
import { useRef } from "react";
import { useStore } from "zustand";
import { type SwaramSessionSnapshot, selectSnapshot } from "../hooks/useSwaramSession.js";

const FIELDS = ["status", "activity", "error", "muted", "pressed", "turns"] as const;

/**
 * The session's {@link SwaramSessionSnapshot}: the same object until one of its
 * fields changes, so the component re-renders on transitions only.
 */
export function useSnapshot(store: SwaramSession["store"]): SwaramSessionSnapshot {
  const last = useRef<SwaramSessionSnapshot | null>(null);
  return useStore(store, (state: SessionState) => {
    const previous = last.current;
    if (previous && FIELDS.every((field) => previous[field] === state[field])) return previous;
    last.current = selectSnapshot(state);
    return last.current;
  });
}
