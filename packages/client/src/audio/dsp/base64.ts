const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const CODES = new Uint8Array(64);
/** 0..63 for base64 characters (standard and URL-safe), 64 for anything else. */
const VALUES = new Uint8Array(128).fill(64);
for (let i = 0; i < 64; i++) {
  CODES[i] = ALPHABET.charCodeAt(i);
  VALUES[CODES[i] as number] = i;
}
VALUES[45] = 62; // "-"
VALUES[95] = 63; // "_"

/**
 * Standard base64 (with padding) of `bytes`, without `Buffer` or `btoa`, so it
 * runs in an AudioWorklet.
 *
 * @example
 * ```ts
 * const audio = encodeBase64(floatToPcm16(frame));
 * ```
 */
export function encodeBase64(bytes: Uint8Array, count = bytes.length): string {
  const chars = new Uint8Array(Math.ceil(count / 3) * 4);
  let o = 0;
  for (let i = 0; i < count; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = i + 1 < count ? (bytes[i + 1] as number) : 0;
    const b2 = i + 2 < count ? (bytes[i + 2] as number) : 0;
    chars[o++] = CODES[b0 >> 2] as number;
    chars[o++] = CODES[((b0 & 3) << 4) | (b1 >> 4)] as number;
    chars[o++] = i + 1 < count ? (CODES[((b1 & 15) << 2) | (b2 >> 6)] as number) : 61;
    chars[o++] = i + 2 < count ? (CODES[b2 & 63] as number) : 61;
  }
  let text = "";
  for (let i = 0; i < chars.length; i += 8192) {
    text += String.fromCharCode.apply(null, chars.subarray(i, i + 8192) as unknown as number[]);
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
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (VALUES[c] as number) : 64;
    if (v === 64) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
