import type { AudioLevels, LevelSource } from "@swaram/client";

/** A level to hundredths: what the components show, and the step below which nothing is redrawn. */
const round = (level: number): number => Math.round(level * 100) / 100;

/**
 * Calls `onFrame` with the latest levels, rounded to hundredths, at most once per
 * animation frame and only after a rounded level changed: while the levels are
 * still, or only jitter below 0.01 (a quiet room, silence), no frame is even
 * requested. Calls it once at once with the current levels. Returns the unsubscribe.
 * Runs in effects only, so in a browser (animation frames exist).
 */
export function onLevelFrames(
  levels: LevelSource,
  onFrame: (levels: AudioLevels) => void,
): () => void {
  let frame = 0;
  let shown: AudioLevels | undefined;
  /** The rounded levels when they differ from the ones shown. */
  const changed = (): AudioLevels | undefined => {
    const { input, output } = levels.get();
    const next = { input: round(input), output: round(output) };
    return next.input !== shown?.input || next.output !== shown?.output ? next : undefined;
  };
  const show = () => {
    frame = 0;
    const next = changed();
    if (next) {
      shown = next;
      onFrame(next);
    }
  };
  const off = levels.subscribe(() => {
    if (!frame && changed()) frame = requestAnimationFrame(show);
  });
  show();
  return () => {
    off();
    cancelAnimationFrame(frame);
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
