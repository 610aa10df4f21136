import type { SwaramSession, SwaramSessionOptions } from "@swaram/client";
import { useEffect, useMemo, useRef } from "react";
import { useIsomorphicLayoutEffect } from "../dom/useIsomorphicLayoutEffect.js";
import {
  createFixedController,
  createOwnedController,
  type SessionController,
} from "./controller.js";
import { isSwaramSession } from "./isSwaramSession.js";

/**
 * The controller for a session given to a hook: a fixed one for a session object,
 * an owned one (created once, held while mounted) for options, none for `null`.
 */
export function useOwnedController(
  source: SwaramSessionOptions | SwaramSession | null,
): SessionController | null {
  const explicit = source !== null && isSwaramSession(source) ? source : null;
  const options = source !== null && !isSwaramSession(source) ? source : null;
  const owned = useRef<SessionController | null>(null);
  if (options !== null && owned.current === null) owned.current = createOwnedController(options);
  const fixed = useMemo(() => (explicit ? createFixedController(explicit) : null), [explicit]);
  const controller = fixed ?? (options ? owned.current : null);

  // A layout effect, so the options are current before any passive effect (a
  // child's included) can call start().
  useIsomorphicLayoutEffect(() => {
    if (options !== null) owned.current?.setOptions(options);
  });
  const ownsIt = controller !== null && controller === owned.current;
  useEffect(() => (ownsIt ? owned.current?.attach() : undefined), [ownsIt]);
  return controller;
}
