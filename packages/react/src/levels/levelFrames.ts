import type { AudioLevels, LevelSource } from "@swaram/client";

/**
 * Calls `onFrame` with the latest levels at most once per animation frame, and
 * only after they changed: nothing runs while the levels are still. Calls it once
 * at once with the current levels. Returns the unsubscribe.
 */
export function onLevelFrames(
  levels: LevelSource,
  onFrame: (levels: AudioLevels) => void,
): () => void {
  const g = globalThis;
  // Without animation frames (no document), a timer of about one frame.
  const request = g.requestAnimationFrame ?? ((callback: () => void) => setTimeout(callback, 16));
  const cancel = g.cancelAnimationFrame ?? clearTimeout;
  let pending: ReturnType<typeof request> | null = null;
  const off = levels.subscribe(() => {
    pending ??= request(() => {
      pending = null;
      onFrame(levels.get());
    });
  });
  onFrame(levels.get());
  return () => {
    off();
    if (pending !== null) cancel(pending as number);
  };
}
