import type { SwaramSession } from "@swaram/client";
import { useMemo, useSyncExternalStore } from "../react.js";
import type { SessionController, SwaramActions } from "./controller.js";

/**
 * The current session with its stable actions.
 *
 * @example
 * ```tsx
 * function useReplyLog() {
 *   const { session }: SwaramControls = useSwaramContext();
 *   // An owned session is replaced when its settings change: subscribe to each one.
 *   useEffect(() => session.on("response.done", (e) => console.debug(e.response)), [session]);
 * }
 * ```
 */
export interface SwaramControls extends SwaramActions {
  /** The session in use. Read it on each render: an owned session is replaced when its settings change. */
  session: SwaramSession;
}

/** Follows the controller's current session (re-rendering only when it is replaced). */
export function useCurrentSession(controller: SessionController): SwaramSession {
  return useSyncExternalStore(controller.subscribe, controller.current, controller.current);
}

const subscribeNothing = () => () => undefined;
const noSession = () => null;

/** {@link useCurrentSession}, or `null` without a controller. */
function useMaybeCurrentSession(controller: SessionController | null): SwaramSession | null {
  const subscribe = controller?.subscribe ?? subscribeNothing;
  const current = controller?.current ?? noSession;
  return useSyncExternalStore(subscribe, current, current);
}

/** The current session plus the controller's actions, as one object that changes only with the session. */
export function useControls(controller: SessionController): SwaramControls;
export function useControls(controller: SessionController | null): SwaramControls | null;
export function useControls(controller: SessionController | null): SwaramControls | null {
  const session = useMaybeCurrentSession(controller);
  return useMemo(
    () => (controller && session ? { ...controller.actions, session } : null),
    [controller, session],
  );
}
