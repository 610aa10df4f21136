/**
 * Split text into user-perceived characters (`Intl.Segmenter`, which every
 * supported browser and Node ≥ 20 have): a Malayalam conjunct stays whole.
 */
export function graphemes(text: string): string[] {
  // Graphemes are the default granularity; their rules do not depend on the locale.
  // Made per call: only an interruption cuts text.
  return Array.from(new Intl.Segmenter().segment(text), (part) => part.segment);
}

/**
 * The first `share` (0..1) of `text`, cut on a grapheme boundary, so a
 * Malayalam syllable is never split.
 *
 * @example
 * ```ts
 * leadingShare("നമസ്കാരം", 0.5); // "നമ" — never half a cluster
 * ```
 */
export function leadingShare(text: string, share: number): string {
  const parts = graphemes(text);
  // `slice` truncates the end toward zero, and reads NaN as 0.
  return parts.slice(0, Math.max(0, parts.length * share)).join("");
}
