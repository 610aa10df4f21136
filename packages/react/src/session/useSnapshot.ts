import type { SessionState, SwaramSession } from "@swaram/client";
import type { SwaramSessionSnapshot } from "../hooks/useSwaramSession.js";
import { useRef, useSyncExternalStore } from "../react.js";

const FIELDS = ["status", "activity", "error", "muted", "pressed", "turns"] as const;

/**
 * Picks {@link SwaramSessionSnapshot} out of the session state.
 *
 * @example
 * ```tsx
 * import { useShallow } from "zustand/react/shallow";
 *
 * const { status, activity } = useSwaramState(useShallow(selectSnapshot));
 * ```
 */
export function selectSnapshot(state: SessionState): SwaramSessionSnapshot {
  const entries = FIELDS.map((field) => [field, state[field]]);
  return Object.fromEntries(entries) as unknown as SwaramSessionSnapshot;
}

/**
 * The session's {@link SwaramSessionSnapshot}: the same object until one of its
 * fields changes, so the component re-renders on transitions only.
 */
export function useSnapshot(store: SwaramSession["store"]): SwaramSessionSnapshot {
  const last = useRef<SwaramSessionSnapshot | null>(null);
  const select = (state: SessionState) => {
    const previous = last.current;
    if (previous && FIELDS.every((field) => previous[field] === state[field])) return previous;
    last.current = selectSnapshot(state);
    return last.current;
  };
  // What zustand's `useStore` does, without its DevTools label (and its default React import).
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.getState()),
    () => select(store.getInitialState()),
  );
}
