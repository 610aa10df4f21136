/** The 64 characters of standard base64 in order: A–Z, a–z, 0–9, "+" and "/". */
let ALPHABET = "";
/** 0..63 by character code for base64 characters, standard and URL-safe. */
const VALUES = new Uint8Array(128).fill(64);
for (let i = 0; i < 64; i++) {
  // Runs of character codes: A (65) for 0..25, a (97) for 26..51, 0 (48) for 52..61.
  const code = i < 26 ? 65 + i : i < 52 ? 71 + i : i < 62 ? i - 4 : i < 63 ? 43 : 47;
  ALPHABET += String.fromCharCode(code);
  VALUES[code] = i;
}
VALUES[45] = 62; // "-"
VALUES[95] = 63; // "_"

/**
 * Standard base64 (with padding) of `bytes[0..count)`, without `Buffer` or
 * `btoa`, so it runs in an AudioWorklet.
 *
 * @example
 * ```ts
 * const audio = encodeBase64(floatToPcm16(frame));
 * ```
 */
export function encodeBase64(bytes: Uint8Array, count = bytes.length): string {
  let text = "";
  for (let i = 0; i < count; i += 3) {
    const left = count - i;
    const n =
      ((bytes[i] as number) << 16) |
      (left > 1 ? (bytes[i + 1] as number) << 8 : 0) |
      (left > 2 ? (bytes[i + 2] as number) : 0);
    text +=
      (ALPHABET[n >> 18] as string) +
      ALPHABET[(n >> 12) & 63] +
      (left > 1 ? ALPHABET[(n >> 6) & 63] : "=") +
      (left > 2 ? ALPHABET[n & 63] : "=");
  }
  return text;
}

/**
 * Bytes of a base64 string (standard or URL-safe; padding optional; whitespace
 * and other stray characters are skipped).
 *
 * @example
 * ```ts
 * const pcm = decodeBase64(event.delta);
 * ```
 */
export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array((text.length * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const v = VALUES[text.charCodeAt(i)] ?? 64;
    if (v > 63) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = acc >> bits; // a Uint8Array keeps the low byte
    }
  }
  return out.subarray(0, o);
}
