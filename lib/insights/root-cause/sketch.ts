/**
 * A mergeable latency sketch: the log-bucket mapping of DDSketch (Masson, Rim & Lee, "DDSketch: A Fast and
 * Fully-Mergeable Quantile Sketch with Relative-Error Guarantees", VLDB 2019) with fixed buckets and no collapsing.
 * Bucket i ≥ 1 holds the latencies in (γ^(i−1), γ^i] ms with γ = (1 + α)/(1 − α); bucket 0 holds everything up to
 * 1 ms. A bucket is represented by 2γ^i/(γ + 1), which is within a relative error α of every value in it, so a
 * quantile read from a sketch is within α of the exact rank-q value (for values ≥ 1 ms). Sketches merge by adding
 * counts per bucket: the rollups keep one per hour and dimension value, and an analysis adds up its windows' hours.
 *
 * The same mapping is written in SQL (`sketchBucketSql`, lib/insights/store/sketch-sql.ts) for the rollups job and the raw-trace scan, so a trace falls
 * in the same bucket whichever path counts it.
 */
/** Relative accuracy of a quantile read from a sketch. */
export const SKETCH_ALPHA = 0.02;
export const SKETCH_GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
export const LN_GAMMA = Math.log(SKETCH_GAMMA);

/** A sketch: trace count per bucket index. */
export type Sketch = Map<number, number>;

export function bucketOf(ms: number): number {
  return ms <= 1 ? 0 : Math.ceil(Math.log(ms) / LN_GAMMA);
}

/** The value a bucket stands for (1 ms for bucket 0). */
export function bucketValue(i: number): number {
  return i <= 0 ? 1 : (2 * Math.pow(SKETCH_GAMMA, i)) / (SKETCH_GAMMA + 1);
}


export function addToSketch(into: Sketch, bucket: number, count: number): void {
  into.set(bucket, (into.get(bucket) ?? 0) + count);
}

export function sketchCount(s: Sketch): number {
  let n = 0;
  for (const c of s.values()) n += c;
  return n;
}

/** Items in buckets above `bucket` (the exceedances of a threshold that falls in `bucket`). */
export function countAbove(s: Sketch, bucket: number): number {
  let n = 0;
  for (const [i, c] of s) if (i > bucket) n += c;
  return n;
}

/**
 * The q-quantile with percentile_cont's interpolation: rank q·(n − 1) (0-based, items in ascending order), the
 * values of the items at the ranks either side of it (their buckets' values) interpolated linearly; null for an empty
 * sketch. Within the relative error α of the exact percentile_cont for values ≥ 1 ms.
 */
export function sketchQuantile(s: Sketch, q: number): number | null {
  const n = sketchCount(s);
  if (n === 0) return null;
  const rank = q * (n - 1);
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  const sorted = [...s.keys()].sort((a, b) => a - b);
  const at = (r: number) => {
    let seen = 0;
    for (const i of sorted) {
      seen += s.get(i)!;
      if (seen > r) return bucketValue(i);
    }
    return bucketValue(sorted[sorted.length - 1]);
  };
  const a = at(lo);
  return hi === lo ? a : a + (rank - lo) * (at(hi) - a);
}

/** The bucket of the item of rank ⌊q·(n − 1)⌋: the threshold's bucket when the q-quantile is one (exceedances lie above it). */
export function quantileBucket(s: Sketch, q: number): number | null {
  const n = sketchCount(s);
  if (n === 0) return null;
  const rank = Math.floor(q * (n - 1));
  let seen = 0;
  for (const i of [...s.keys()].sort((a, b) => a - b)) {
    seen += s.get(i)!;
    if (seen > rank) return i;
  }
  return null;
}
