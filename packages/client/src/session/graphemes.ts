/**
 * Split text into user-perceived characters: `Intl.Segmenter` where it exists, so a
 * Malayalam conjunct stays whole; without it (Firefox before 125) a base character
 * with its marks, joiners and virama-joined consonants.
 */
export function graphemes(text: string): string[] {
  // Graphemes are the default granularity; their rules do not depend on the locale.
  // Made per call: only an interruption cuts text.
  return typeof Intl.Segmenter === "function"
    ? Array.from(new Intl.Segmenter().segment(text), (part) => part.segment)
    : (text.match(/\P{M}(?:\u0D4D\P{M}|[\p{M}\u200C\u200D])*/gu) ?? []);
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
