import type { SwaramSession, SwaramSessionOptions } from "@swaram/client";
import { useIsomorphicLayoutEffect } from "../dom/useIsomorphicLayoutEffect.js";
import { useContext, useEffect, useMemo, useRef } from "../react.js";
import { SwaramContext } from "./context.js";
import {
  controllerFor,
  createController,
  isSwaramSession,
  type SessionController,
} from "./controller.js";

/** The error thrown when a hook or component finds no session. */
export function missingProvider(what: string): Error {
  return new Error(`${what} has no session: render it in <SwaramProvider> or pass one.`);
}

/**
 * The controller for a session given to a hook: the one that built it from options
 * (a `useSwaramSession(options)` elsewhere), else one per session object; one for the
 * component's life while it is given options (held while mounted); none for `null`
 * or `undefined`.
 */
export function useController(
  source: SwaramSessionOptions | SwaramSession | null | undefined,
): SessionController | null {
  const session = source && isSwaramSession(source) ? source : null;
  const options = source && !isSwaramSession(source) ? source : null;
  // Options keep one controller for the component's life; each session given gets its own.
  const owned = useRef<SessionController | null>(null);
  if (options && !owned.current) owned.current = createController(options);
  const given = useMemo(() => (session ? controllerFor(session) : null), [session]);
  const controller = session ? given : options && owned.current;
  // A layout effect, so the options are current before any passive effect (a
  // child's included) can call start().
  useIsomorphicLayoutEffect(() => {
    if (options) controller?.setOptions(options);
  });
  useEffect(() => controller?.attach(), [controller]);
  return controller;
}

/** The given session (or options) wins; otherwise the nearest `<SwaramProvider>`; otherwise a clear error. */
export function useSessionController(
  source: SwaramSessionOptions | SwaramSession | null | undefined,
  what: string,
): SessionController {
  const own = useController(source);
  const context = useContext(SwaramContext);
  const controller = own ?? context;
  if (!controller) throw missingProvider(what);
  return controller;
}
