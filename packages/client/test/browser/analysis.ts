/** 16-bit little-endian samples of base64 frames, decoded with Node's Buffer (independently of the kit). */
export function decodeFrames(frames: { audio: string }[]): Float32Array {
  const bytes = Buffer.concat(frames.map((f) => Buffer.from(f.audio, "base64")));
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(2 * i) / 32768;
  return out;
}

/** Loudness of consecutive blocks of `size` samples, in dBFS (floored at -80). */
export function envelopeDb(samples: Float32Array, size: number): number[] {
  const out: number[] = [];
  for (let at = 0; at + size <= samples.length; at += size) {
    let sum = 0;
    for (let i = at; i < at + size; i++) sum += (samples[i] as number) ** 2;
    out.push(Math.max(-80, 10 * Math.log10(sum / size + 1e-12)));
  }
  return out;
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb);
}

/**
 * Best correlation between a captured loudness envelope and the looped
 * envelope of the source recording, over every alignment.
 */
export function loopedEnvelopeMatch(captured: number[], source: number[]): number {
  let best = -1;
  for (let lag = 0; lag < source.length; lag++) {
    const shifted = captured.map((_, i) => source[(i + lag) % source.length] as number);
    best = Math.max(best, correlation(captured, shifted));
  }
  return best;
}

/** Least-squares slope of y over x. */
export function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let xy = 0;
  let xx = 0;
  for (let i = 0; i < n; i++) {
    xy += ((x[i] as number) - mx) * ((y[i] as number) - my);
    xx += ((x[i] as number) - mx) ** 2;
  }
  return xy / xx;
}
