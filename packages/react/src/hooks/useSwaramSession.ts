import type {
  SessionActivity,
  SessionStatus,
  SwaramError,
  SwaramSession,
  SwaramSessionOptions,
  TurnMode,
} from "@swaram/client";
import { useMemo } from "../react.js";
import type { SessionController } from "../session/controller.js";
import { useSessionController } from "../session/useController.js";
import { type SwaramControls, useCurrentSession } from "../session/useControls.js";
import { useSnapshot } from "../session/useSnapshot.js";

/**
 * The part of the session state {@link useSwaramSession} returns: fields that
 * change on transitions a user notices, never per audio frame.
 *
 * @example
 * ```tsx
 * function StatusBadge({ snapshot }: { snapshot: SwaramSessionSnapshot }) {
 *   return <span data-state={snapshot.status}>{snapshot.muted ? "🔇" : snapshot.activity}</span>;
 * }
 * // <StatusBadge snapshot={useSwaramSession({ token: "/api/swaram-token" })} />
 * ```
 */
export interface SwaramSessionSnapshot {
  status: SessionStatus;
  activity: SessionActivity | null;
  error: SwaramError | null;
  muted: boolean;
  pressed: boolean;
  turns: TurnMode;
}

/**
 * What {@link useSwaramSession} returns: the snapshot, the session and its stable actions.
 *
 * @example
 * ```tsx
 * function MuteButton({ swaram }: { swaram: UseSwaramSessionResult }) {
 *   const { status, muted, setMuted } = swaram;
 *   return (
 *     <button type="button" disabled={status !== "connected"} onClick={() => setMuted(!muted)}>
 *       {muted ? "മൈക്ക് ഓണാക്കുക" : "മൈക്ക് ഓഫാക്കുക"}
 *     </button>
 *   );
 * }
 * ```
 */
export interface UseSwaramSessionResult extends SwaramSessionSnapshot, SwaramControls {}

/** The snapshot, the session and the actions of a controller, as one object that changes on transitions only. */
export function useSessionResult(controller: SessionController): UseSwaramSessionResult {
  const session = useCurrentSession(controller);
  const snapshot = useSnapshot(session.store);
  return useMemo(
    () => ({ ...snapshot, ...controller.actions, session }),
    [snapshot, controller, session],
  );
}

/**
 * A swaram voice session for this component: created once from `options` (or
 * bound to a `session` you created), disposed on unmount, safe under StrictMode.
 *
 * The component re-renders when the status, activity, error, mute or push-to-talk
 * state changes, never while audio flows; select anything else with
 * {@link useSwaramState}. Actions are stable.
 *
 * Options changed after mount:
 * - callbacks (`token` as a function, tool handlers, a `tokenRequest.headers`
 *   function) are always read from the latest render, without a new session;
 * - settings (`token` URL, `baseUrl`, `model`, `session`, `turns`, tool
 *   declarations, …) compare by value, and injected implementations (`audio`,
 *   `WebSocket`, `fetch`, `clock`) by identity. A change never drops a running
 *   call: the next `start()` from a stopped state creates a new session with them
 *   (so `result.session` changes; tools registered with `useSwaramTool` and the
 *   mute state carry over);
 * - `muted` applies only at creation; use `setMuted` afterwards.
 *
 * A session you pass in is never disposed here: its creator owns it. When its creator is
 * another `useSwaramSession(options)` (e.g. `<SwaramProvider session={result.session}>`), a
 * `start()` here follows that hook's options as it would, and may replace the session.
 *
 * @example
 * ```tsx
 * function Talk() {
 *   const { status, activity, toggle } = useSwaramSession({ token: "/api/swaram-token" });
 *   return (
 *     <button type="button" onClick={() => void toggle()}>
 *       {status === "connected" ? activity : "Start"}
 *     </button>
 *   );
 * }
 * ```
 */
export function useSwaramSession(
  source: SwaramSessionOptions | SwaramSession,
): UseSwaramSessionResult {
  return useSessionResult(useSessionController(source, "useSwaramSession()"));
}
