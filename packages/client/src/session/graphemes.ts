let segmenter: Intl.Segmenter | null | undefined;

/**
 * Split text into user-perceived characters. Uses `Intl.Segmenter`; without it,
 * keeps combining marks, virama-joined consonants and ZWJ/ZWNJ with their base.
 */
export function graphemes(text: string): string[] {
  segmenter ??= Intl.Segmenter ? new Intl.Segmenter("ml", { granularity: "grapheme" }) : null;
  if (segmenter) return Array.from(segmenter.segment(text), (part) => part.segment);
  return text.match(/\P{M}(?:\u0D4D\P{M}|[\p{M}\u200C\u200D])*/gu) ?? [];
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
  if (share >= 1) return text;
  if (!(share > 0)) return "";
  const parts = graphemes(text);
  return parts.slice(0, Math.floor(parts.length * share)).join("");
}
