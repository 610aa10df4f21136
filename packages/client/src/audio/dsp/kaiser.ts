/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-12; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** Kaiser window shape `beta` for a stopband attenuation of `db` decibels (Kaiser's formula). */
export function kaiserBeta(db: number): number {
  if (db > 50) return 0.1102 * (db - 8.7);
  if (db > 21) return 0.5842 * (db - 21) ** 0.4 + 0.07886 * (db - 21);
  return 0;
}

/**
 * Kaiser-windowed sinc low-pass, evaluated at `x` (in samples of the filter's
 * rate) for a cutoff of `fc` cycles per sample and a window half-width of `half` samples.
 */
export function kaiserSinc(
  x: number,
  fc: number,
  half: number,
  beta: number,
  i0Beta: number,
): number {
  const r = x / half;
  if (r <= -1 || r >= 1) return 0;
  const arg = 2 * Math.PI * fc * x;
  const sinc = x === 0 ? 2 * fc : Math.sin(arg) / (Math.PI * x);
  return (sinc * besselI0(beta * Math.sqrt(1 - r * r))) / i0Beta;
}

export { besselI0 };
