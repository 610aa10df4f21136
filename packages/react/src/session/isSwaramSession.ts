import type { SwaramSession, SwaramSessionOptions } from "@swaram/client";

/** Tells a session object from session options. */
export function isSwaramSession(
  value: SwaramSession | SwaramSessionOptions,
): value is SwaramSession {
  return (
    "store" in value && "levels" in value && typeof (value as SwaramSession).start === "function"
  );
}
