import type { SessionState, SwaramSession } from "@swaram/client";
import { useStore } from "zustand";
import { useSessionController } from "../session/useController.js";
import { useCurrentSession } from "../session/useControls.js";

/**
 * Select from the session state; the component re-renders only when the selected
 * value changes (`Object.is`). Return primitives or existing references, or wrap
 * a selector that builds an object in zustand's `useShallow`. The session is the
 * one passed in, else the nearest `<SwaramProvider>`'s.
 *
 * @example
 * ```tsx
 * function Status() {
 *   const status = useSwaramState((s) => s.status);
 *   const turns = useSwaramState((s) => s.metrics.turns);
 *   return <p data-state={status}>{turns} replies</p>;
 * }
 * ```
 */
export function useSwaramState<T>(
  selector: (state: SessionState) => T,
  session?: SwaramSession,
): T {
  const controller = useSessionController(session, "useSwaramState()");
  return useStore(useCurrentSession(controller).store, selector);
}
