import { describe, expect, test } from "vitest";
import { addToSketch, bucketOf, bucketValue, countAbove, quantileBucket, type Sketch, SKETCH_ALPHA, sketchCount, sketchQuantile } from "./sketch";
import { createRandom } from "@/lib/primitives/random";

/** percentile_cont over sorted values. */
function exactQuantile(sorted: number[], q: number) {
  const rank = q * (sorted.length - 1);
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

describe("latency sketch", () => {
  test("every value ≥ 1 ms is within the relative error of its bucket's value", () => {
    for (const x of [1.0001, 1.5, 7, 99.9, 100, 512, 3_000, 59_999, 3_600_000]) {
      expect(Math.abs(bucketValue(bucketOf(x)) - x) / x).toBeLessThanOrEqual(SKETCH_ALPHA + 1e-12);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
  });

  test("quantiles of merged sketches are within the relative error of percentile_cont over all the values", () => {
    const rnd = createRandom(7);
    const parts: number[][] = [0, 1, 2].map(() => Array.from({ length: 2000 }, () => Math.exp(5 + 2 * rnd.next())));
    const sketches = parts.map((xs) => {
      const s: Sketch = new Map();
      for (const x of xs) addToSketch(s, bucketOf(x), 1);
      return s;
    });
    const merged: Sketch = new Map();
    for (const s of sketches) for (const [i, c] of s) addToSketch(merged, i, c);
    const all = parts.flat().sort((a, b) => a - b);
    expect(sketchCount(merged)).toBe(all.length);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = exactQuantile(all, q);
      expect(Math.abs(sketchQuantile(merged, q)! - exact) / exact, `q=${q}`).toBeLessThanOrEqual(SKETCH_ALPHA);
    }
    // Exceedances of the p95 threshold: all items above its bucket, i.e. about 5% (only the threshold's bucket is uncertain).
    const k = quantileBucket(merged, 0.95)!;
    const above = countAbove(merged, k);
    expect(above).toBeLessThanOrEqual(0.05 * all.length);
    expect(above).toBeGreaterThanOrEqual(all.filter((x) => x > bucketValue(k) * (1 + SKETCH_ALPHA)).length);
    expect(sketchQuantile(new Map(), 0.5)).toBeNull();
  });
});
