/** A sine of `freq` Hz at `rate`, `seconds` long. */
export function tone(freq: number, rate: number, seconds: number, amplitude = 1): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

/** Amplitude of `freq` in `x[from..to)` (least-squares sine fit) and the RMS of what is left. */
export function fitTone(
  x: Float32Array,
  freq: number,
  rate: number,
  from: number,
  to: number,
): { amplitude: number; residual: number } {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let xs = 0;
  let xc = 0;
  for (let i = from; i < to; i++) {
    const s = Math.sin((2 * Math.PI * freq * i) / rate);
    const c = Math.cos((2 * Math.PI * freq * i) / rate);
    const v = x[i] as number;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    xs += v * s;
    xc += v * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  let rest = 0;
  for (let i = from; i < to; i++) {
    const t = (2 * Math.PI * freq * i) / rate;
    rest += ((x[i] as number) - a * Math.sin(t) - b * Math.cos(t)) ** 2;
  }
  return { amplitude: Math.hypot(a, b), residual: Math.sqrt(rest / (to - from)) };
}

/** RMS of `x[from..to)`. */
export function rmsOf(x: Float32Array, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (x[i] as number) ** 2;
  return Math.sqrt(sum / (to - from));
}

export const dB = (ratio: number): number => 20 * Math.log10(ratio);
