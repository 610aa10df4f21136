import type { AudioLevels, LevelSource } from "@swaram/client";

/** A level to hundredths: what the components show, and the step below which nothing is redrawn. */
const round = (level: number): number => Math.round(level * 100) / 100;

/**
 * Calls `onFrame` with the latest levels, rounded to hundredths, at most once per
 * animation frame and only after a rounded level changed: while the levels are
 * still, or only jitter below 0.01 (a quiet room, silence), no frame is even
 * requested. Calls it once at once with the current levels. Returns the unsubscribe.
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
  let shown: AudioLevels | undefined;
  const rounded = (): AudioLevels => {
    const { input, output } = levels.get();
    return { input: round(input), output: round(output) };
  };
  const changed = (next: AudioLevels) =>
    next.input !== shown?.input || next.output !== shown?.output;
  const show = () => {
    pending = null;
    const next = rounded();
    if (!changed(next)) return;
    shown = next;
    onFrame(next);
  };
  const off = levels.subscribe(() => {
    if (pending === null && changed(rounded())) pending = request(show);
  });
  show();
  return () => {
    off();
    if (pending !== null) cancel(pending as number);
  };
}

/**
 * Sets the CSS custom property `name` of `element` to `level`, unless it already
 * holds that value: every write costs the page a style recalculation.
 */
export function writeLevel(element: HTMLElement | null, name: string, level: number): void {
  const style = element?.style;
  const value = String(level);
  if (style && style.getPropertyValue(name) !== value) style.setProperty(name, value);
}
