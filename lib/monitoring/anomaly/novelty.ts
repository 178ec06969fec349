/**
 * Novelty of a value against its own recent history: the probability of
 * seeing something at least this extreme in the last `window` observations.
 * Inside the range seen there it is at least 1/window (the empirical tail);
 * beyond the range it decays exponentially with the distance past the
 * extreme, measured in `beta` (a tail scale from the history's spread). Each
 * value joins the history once scored, so a new regime is surprising once,
 * not at every later point: that is the re-baselining after a level shift.
 * Causal and O(1) amortised per point (monotonic deques for the extremes,
 * running sums for the spread).
 */
export interface NoveltyOptions {
  /** Observations remembered. */
  window: number;
  /** Tail scale as a multiple of the history's standard deviation. */
  tailScale: number;
  /** Observations needed before anything is scored. */
  minHistory: number;
  /** Only one side matters (e.g. absolute errors): "up"; values: "both". */
  sides: "both" | "up";
  /** Cap on the history size that sets the probability of merely reaching the extreme. */
  baseCap?: number;
  /** Smallest tail scale, in the values' units (a known noise floor). */
  minTail?: number;
}

/** Per point: its surprise and what it was judged against (NaN where not scored). */
export interface NoveltyScan {
  /** -log10 tail probability. */
  surprise: Float64Array;
  /** The history's extremes, tail scale and log10 of the base count at that point. */
  lo: Float64Array;
  hi: Float64Array;
  beta: Float64Array;
  base: Float64Array;
}

/** -log10 tail probability per point (NaN where not scored). */
export function noveltySurprise(values: ArrayLike<number>, opts: NoveltyOptions): Float64Array {
  return noveltyScan(values, opts).surprise;
}

/**
 * The values a point could have taken without reaching `threshold` surprise: [lo - d, hi + d] with d the distance
 * past the extreme that costs the rest of the threshold (nothing past the extreme when merely reaching it already
 * does). For sides "up", only the upper bound binds. Unscored points allow anything.
 */
export function allowedRange(scan: NoveltyScan, t: number, threshold: number): [number, number] {
  if (Number.isNaN(scan.surprise[t])) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const d = (Math.max(0, threshold - scan.base[t]) * scan.beta[t]) / Math.LOG10E;
  return [scan.lo[t] - d, scan.hi[t] + d];
}

export function noveltyScan(values: ArrayLike<number>, opts: NoveltyOptions): NoveltyScan {
  const n = values.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const loOut = new Float64Array(n).fill(Number.NaN);
  const hiOut = new Float64Array(n).fill(Number.NaN);
  const betaOut = new Float64Array(n).fill(Number.NaN);
  const baseOut = new Float64Array(n).fill(Number.NaN);
  // Each slot enters each queue at most once, so typed arrays of length n hold them (no growth, no splicing).
  const idx = new Int32Array(n); // positions of finite values in the window: idx[head, tail)
  let head = 0;
  let tail = 0;
  const maxQ = new Int32Array(n); // monotonic deques of positions: maxQ[maxHead, maxTail)
  let maxHead = 0;
  let maxTail = 0;
  const minQ = new Int32Array(n);
  let minHead = 0;
  let minTail = 0;
  let s = 0;
  let s2 = 0;
  const both = opts.sides === "both";
  const minTailScale = opts.minTail ?? 0;
  for (let t = 0; t < n; t++) {
    const x = values[t];
    if (!Number.isFinite(x)) continue;
    const count = tail - head;
    if (count >= opts.minHistory) {
      const mean = s / count;
      const sd = Math.sqrt(Math.max(s2 / count - mean * mean, 0));
      const hi = values[maxQ[maxHead]];
      const lo = values[minQ[minHead]];
      const beta = Math.max(opts.tailScale * sd, minTailScale, 1e-3 * Math.max(Math.abs(hi), Math.abs(lo)), 1e-9);
      const past = Math.max(x - hi, both ? lo - x : 0, 0);
      const base = Math.log10(Math.min(count, opts.baseCap ?? count));
      out[t] = past > 0 ? base + (past / beta) * Math.LOG10E : 0;
      loOut[t] = both ? lo : Number.NEGATIVE_INFINITY;
      hiOut[t] = hi;
      betaOut[t] = beta;
      baseOut[t] = base;
    }
    // Add x, drop what fell out of the window.
    idx[tail++] = t;
    s += x;
    s2 += x * x;
    while (maxTail > maxHead && values[maxQ[maxTail - 1]] <= x) maxTail--;
    maxQ[maxTail++] = t;
    while (minTail > minHead && values[minQ[minTail - 1]] >= x) minTail--;
    minQ[minTail++] = t;
    if (tail - head > opts.window) {
      const old = idx[head++];
      s -= values[old];
      s2 -= values[old] * values[old];
      if (maxQ[maxHead] === old) maxHead++;
      if (minQ[minHead] === old) minHead++;
    }
  }
  return { surprise: out, lo: loOut, hi: hiOut, beta: betaOut, base: baseOut };
}
