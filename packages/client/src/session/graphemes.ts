type Segmenter = { segment(text: string): Iterable<{ segment: string }> };

let segmenter: Segmenter | null | undefined;

function getSegmenter(): Segmenter | null {
  if (segmenter !== undefined) return segmenter;
  const Intl_ = globalThis.Intl as unknown as {
    Segmenter?: new (locale: string, options: { granularity: "grapheme" }) => Segmenter;
  };
  segmenter = Intl_.Segmenter ? new Intl_.Segmenter("ml", { granularity: "grapheme" }) : null;
  return segmenter;
}

/**
 * Split text into user-perceived characters. Uses `Intl.Segmenter`; without it,
 * keeps combining marks, virama-joined consonants and ZWJ/ZWNJ with their base.
 */
export function graphemes(text: string): string[] {
  const native = getSegmenter();
  if (native) return Array.from(native.segment(text), (part) => part.segment);
  return text.match(/\P{M}(?:\p{M}|\u200C|\u200D|\u0D4D\P{M})*/gu) ?? [];
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
  if (share <= 0 || !Number.isFinite(share)) return "";
  const parts = graphemes(text);
  return parts.slice(0, Math.floor(parts.length * share)).join("");
}
