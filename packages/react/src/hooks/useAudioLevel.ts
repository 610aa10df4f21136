import type { SwaramSession } from "@swaram/client";
import { onLevelFrames } from "../levels/levelFrames.js";
import { useEffect, useRef } from "../react.js";
import { useSessionController } from "../session/useController.js";
import { useCurrentSession } from "../session/useControls.js";

/**
 * Which level: the user's microphone or the agent's playback.
 *
 * @example
 * ```tsx
 * function Bar({ kind }: { kind: LevelKind }) {
 *   const ref = useRef<HTMLSpanElement>(null);
 *   useAudioLevel(kind, (level) => ref.current?.style.setProperty("--level", String(level)));
 *   return <span ref={ref} className={`bar bar-${kind}`} />;
 * }
 * ```
 */
export type LevelKind = "input" | "output";

/**
 * Calls `onLevel` (0..1, rounded to hundredths) at most once per animation frame
 * while the mic (`"input"`) or playback (`"output"`) level changes by 0.01 or more,
 * and not at all while it holds still. It never sets React state:
 * write the value to the DOM (a style, a CSS custom property, an attribute) in
 * the callback. The latest `onLevel` is always used.
 *
 * @example
 * ```tsx
 * function Pulse() {
 *   const ref = useRef<HTMLDivElement>(null);
 *   useAudioLevel("output", (level) => {
 *     ref.current?.style.setProperty("--level", String(level));
 *   });
 *   return <div ref={ref} className="pulse" />;
 * }
 * ```
 */
export function useAudioLevel(
  kind: LevelKind,
  onLevel: (level: number) => void,
  session?: SwaramSession,
): void {
  const controller = useSessionController(session, "useAudioLevel()");
  const current = useCurrentSession(controller);
  const callback = useRef(onLevel);
  useEffect(() => {
    callback.current = onLevel;
  });
  useEffect(() => {
    let last = Number.NaN;
    return onLevelFrames(current.levels, (levels) => {
      const level = levels[kind];
      if (level === last) return;
      last = level;
      callback.current(level);
    });
  }, [current, kind]);
}
