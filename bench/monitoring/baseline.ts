/**
 * Naive comparison detector: a static z-score over the whole series
 * (|value - mean| / std > k). It ignores seasonality and history order, which
 * is exactly what makes it a useful floor for the real detector.
 */
import type { SeriesPoint } from "../../lib/monitoring/shared/series";
import { toMillis } from "../../lib/monitoring/shared/series";

export function staticZScoreDetections(points: readonly SeriesPoint[], k = 3): number[] {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(values.length - 1, 1));
  return points
    .filter((p) => p.value !== null && sd > 0 && Math.abs(p.value - mean) / sd > k)
    .map((p) => toMillis(p.timestamp));
}
