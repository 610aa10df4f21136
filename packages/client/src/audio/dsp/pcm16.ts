/**
 * Float samples (-1..1) to 16-bit little-endian PCM bytes (scaled by 32768,
 * the inverse of {@link pcm16ToFloat}). Values outside the 16-bit range are
 * clipped; NaN becomes silence.
 *
 * @example
 * ```ts
 * const bytes = floatToPcm16(frame); // 2 bytes per sample
 * ```
 */
export function floatToPcm16(
  samples: Float32Array,
  count = samples.length,
  out: Uint8Array = new Uint8Array(count * 2),
): Uint8Array {
  for (let i = 0; i < count; i++) {
    const v = Math.max(-32768, Math.min(32767, Math.round((samples[i] as number) * 32768))) || 0;
    out[2 * i] = v; // a Uint8Array keeps the low byte
    out[2 * i + 1] = v >> 8;
  }
  return out;
}

/**
 * 16-bit little-endian PCM bytes to float samples (-1..1). A trailing odd byte is ignored.
 *
 * @example
 * ```ts
 * const samples = pcm16ToFloat(decodeBase64(delta));
 * ```
 */
export function pcm16ToFloat(
  bytes: Uint8Array,
  out: Float32Array = new Float32Array(bytes.length >> 1),
): Float32Array {
  const count = Math.min(bytes.length >> 1, out.length);
  for (let i = 0; i < count; i++) {
    // The high byte shifted up to bit 31 and back carries the sign.
    out[i] = ((((bytes[2 * i + 1] as number) << 24) >> 16) | (bytes[2 * i] as number)) / 32768;
  }
  return out;
}
