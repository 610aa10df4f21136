import { missingProvider } from "../session/useController.js";
import type { SwaramControls } from "../session/useControls.js";
import { useMaybeSwaramContext } from "./useMaybeSwaramContext.js";

/**
 * The session of the nearest `<SwaramProvider>` and its stable actions. Holds no
 * state, so it causes no re-renders; read state with `useSwaramState`. Throws
 * when there is no provider.
 *
 * @example
 * ```tsx
 * function HangUp() {
 *   const { stop } = useSwaramContext();
 *   return <button type="button" onClick={() => void stop()}>End call</button>;
 * }
 * ```
 */
export function useSwaramContext(): SwaramControls {
  const controls = useMaybeSwaramContext();
  if (controls === null) throw missingProvider("useSwaramContext()");
  return controls;
}
