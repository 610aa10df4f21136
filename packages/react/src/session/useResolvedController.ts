import type { SwaramSession } from "@swaram/client";
import { useContext, useMemo } from "react";
import { SwaramContext } from "./context.js";
import { createFixedController, type SessionController } from "./controller.js";

/** The error thrown when a hook or component finds no session. */
export function missingProvider(what: string): Error {
  return new Error(
    `${what} found no swaram session: render it inside <SwaramProvider>, or pass it a session.`,
  );
}

/** An explicit session wins; otherwise the nearest `<SwaramProvider>`; otherwise a clear error. */
export function useResolvedController(
  explicit: SwaramSession | undefined,
  what: string,
): SessionController {
  const context = useContext(SwaramContext);
  const fixed = useMemo(() => (explicit ? createFixedController(explicit) : null), [explicit]);
  const controller = fixed ?? context;
  if (controller === null) throw missingProvider(what);
  return controller;
}
