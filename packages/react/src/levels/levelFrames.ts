import type { AudioLevels, LevelSource } from "@swaram/client";

type FrameScheduler = {
  request(callback: () => void): unknown;
  cancel(handle: unknown): void;
};

function frameScheduler(): FrameScheduler {
  const g = globalThis as {
    requestAnimationFrame?: (callback: () => void) => number;
    cancelAnimationFrame?: (handle: number) => void;
  };
  if (g.requestAnimationFrame && g.cancelAnimationFrame) {
    const { requestAnimationFrame: request, cancelAnimationFrame: cancel } = g;
    return {
      request: (callback) => request.call(globalThis, callback),
      cancel: (handle) => cancel.call(globalThis, handle as number),
    };
  }
  return {
    request: (callback) => setTimeout(callback, 16),
    cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/**
 * Calls `onFrame` with the latest levels at most once per animation frame, and
 * only after they changed: nothing runs while the levels are still. Calls it once
 * at once with the current levels. Returns the unsubscribe.
 */
export function onLevelFrames(
  levels: LevelSource,
  onFrame: (levels: AudioLevels) => void,
): () => void {
  const frames = frameScheduler();
  let pending: unknown = null;
  const flush = () => {
    pending = null;
    onFrame(levels.get());
  };
  const off = levels.subscribe(() => {
    if (pending === null) pending = frames.request(flush);
  });
  onFrame(levels.get());
  return () => {
    off();
    if (pending !== null) frames.cancel(pending);
    pending = null;
  };
}
