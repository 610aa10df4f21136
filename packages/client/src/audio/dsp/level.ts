/**
 * Root mean square of `samples[0..count)`.
 *
 * @example
 * ```ts
 * rms(new Float32Array([0.5, -0.5])); // 0.5
 * ```
 */
export function rms(samples: Float32Array, count = samples.length): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (samples[i] as number) ** 2;
  return count > 0 ? Math.sqrt(sum / count) : 0;
}

/**
 * Largest absolute sample of `samples[0..count)`.
 *
 * @example
 * ```ts
 * peak(new Float32Array([0.2, -0.7])); // 0.7
 * ```
 */
export function peak(samples: Float32Array, count = samples.length): number {
  let max = 0;
  for (let i = 0; i < count; i++) max = Math.max(max, Math.abs(samples[i] as number));
  return max;
}

/**
 * Meter level 0..1 from an RMS value: -60 dBFS and below is 0, 0 dBFS is 1,
 * linear in decibels between (how loudness is heard).
 *
 * @example
 * ```ts
 * levelFromRms(0.1); // ≈ 0.67 (-20 dBFS)
 * ```
 */
export function levelFromRms(value: number): number {
  if (!(value > 0.001)) return 0;
  return Math.min(1, 1 + (20 * Math.log10(value)) / 60);
}
