import type { SwaramSession, SwaramSessionOptions } from "@swaram/client";
import type { ReactElement, ReactNode } from "react";
import { SwaramContext } from "../session/context.js";
import { useController } from "../session/useController.js";

/**
 * Props of {@link SwaramProvider}: session options to create one, or a session you own.
 *
 * @example
 * ```tsx
 * // Shares the caller's session when given one, else creates its own.
 * function VoiceCorner({ session }: { session?: SwaramSession }) {
 *   const source: SwaramProviderProps = session
 *     ? { session }
 *     : { options: { token: "/api/swaram-token" } };
 *   return (
 *     <SwaramProvider {...source}>
 *       <VoiceButton />
 *     </SwaramProvider>
 *   );
 * }
 * ```
 */
export type SwaramProviderProps = { children?: ReactNode } & (
  | { options: SwaramSessionOptions; session?: never }
  | { session: SwaramSession; options?: never }
);

/**
 * Shares one session with every swaram component and hook below it. With
 * `options` it creates and owns the session (the rules of `useSwaramSession`
 * apply); with `session` it shares yours. The provider itself never re-renders
 * on session state changes.
 *
 * @example
 * ```tsx
 * <SwaramProvider options={{ token: "/api/swaram-token" }}>
 *   <VoiceButton />
 *   <Transcript />
 * </SwaramProvider>
 * ```
 */
export function SwaramProvider(props: SwaramProviderProps): ReactElement {
  const controller = useController(props.session ?? props.options);
  return <SwaramContext.Provider value={controller}>{props.children}</SwaramContext.Provider>;
}
