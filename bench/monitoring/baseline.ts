/**
 * Comparison detectors, all causal (each point judged on its past only, so
 * streaming and one-shot runs agree):
 *
 *  - static z-score over the whole series (|value - mean| / std > k): ignores
 *    history order and seasonality; the floor.
 *  - rolling Gaussian (NAB's "windowed Gaussian"): the tail probability of a
 *    value under the mean and standard deviation of the previous `window`
 *    values, refreshed every `step` points.
 *  - rolling z-score: |value - mean| / std of the previous week >= k.
 *
 * Each returns the per-point surprise, -log10 of the tail probability, or the
 * |z|, so a bench can apply one threshold.
 */
import type { SeriesPoint } from "../../lib/monitoring/shared/series";
import { toMillis } from "../../lib/monitoring/shared/series";


/** Standard normal upper tail Q(x) = erfc(x / sqrt 2) / 2 (Numerical Recipes' erfc, fractional error < 1.2e-7). */
export function normalTail(x: number): number {
  if (x < 0) return 1 - normalTail(-x);
  const u = x / Math.SQRT2;
  const t = 1 / (1 + 0.5 * u);
  const poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return (t * Math.exp(-u * u + poly)) / 2;
}

export function staticZScoreDetections(points: readonly SeriesPoint[], k = 3): number[] {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(values.length - 1, 1));
  return points
    .filter((p) => p.value !== null && sd > 0 && Math.abs(p.value - mean) / sd > k)
    .map((p) => toMillis(p.timestamp));
}

/** Mean and standard deviation of values[from, to), NaN-free input assumed. */
function meanSd(values: readonly number[], from: number, to: number): { mean: number; sd: number } {
  let s = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    s += values[i];
    s2 += values[i] * values[i];
  }
  const n = to - from;
  const mean = s / n;
  return { mean, sd: Math.sqrt(Math.max(s2 / n - mean * mean, 0)) || 1e-6 };
}

/** NAB's windowed Gaussian: -log10 of the tail probability of |x - mean| (NAB mirrors values below the mean). */
export function rollingGaussianSurprise(values: readonly number[], window = 6400, step = 100): number[] {
  const out = new Array<number>(values.length).fill(0);
  let stats = { mean: values[0] ?? 0, sd: 1 };
  let fittedAt = 0;
  for (let i = 1; i < values.length; i++) {
    if (i <= window || i - fittedAt >= step) {
      stats = meanSd(values, Math.max(0, i - window), i);
      fittedAt = i;
    }
    out[i] = -Math.log10(Math.max(normalTail(Math.abs(values[i] - stats.mean) / stats.sd), 1e-300));
  }
  return out;
}

/** |z| of each value against the mean and standard deviation of the previous `windowMs` (a week by default). */
export function rollingZScore(timestamps: readonly number[], values: readonly number[], windowMs = 7 * 86_400_000): number[] {
  const out = new Array<number>(values.length).fill(0);
  let from = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < values.length; i++) {
    while (from < i && timestamps[from] < timestamps[i] - windowMs) {
      s -= values[from];
      s2 -= values[from] * values[from];
      from++;
    }
    const n = i - from;
    if (n >= 10) {
      const mean = s / n;
      const sd = Math.sqrt(Math.max(s2 / n - mean * mean, 0));
      out[i] = sd > 0 ? Math.abs(values[i] - mean) / sd : 0;
    }
    s += values[i];
    s2 += values[i] * values[i];
  }
  return out;
}
