import { useContext } from "../react.js";
import { SwaramContext } from "../session/context.js";
import { type SwaramControls, useControls } from "../session/useControls.js";

/**
 * Like {@link useSwaramContext}, but `null` outside a `<SwaramProvider>`: for
 * components that work with or without one.
 *
 * @example
 * ```tsx
 * function MuteIfInCall() {
 *   const swaram = useMaybeSwaramContext();
 *   if (!swaram) return null;
 *   return <button type="button" onClick={() => swaram.setMuted(true)}>Mute</button>;
 * }
 * ```
 */
export function useMaybeSwaramContext(): SwaramControls | null {
  return useControls(useContext(SwaramContext));
}
