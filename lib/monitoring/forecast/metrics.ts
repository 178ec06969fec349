/**
 * Forecast accuracy measures (Hyndman & Koehler 2006; FPP3 §5.8):
 *  - sMAPE in percent, 0..200: mean of 200 |y - f| / (|y| + |f|), skipping
 *    points where both are 0 (as the M4 competition does);
 *  - MASE: MAE divided by the in-sample MAE of the one-cycle seasonal naive
 *    forecast on the training data (scale-free; < 1 beats seasonal naive);
 *  - interval coverage: share of actuals inside the interval (should be close
 *    to its nominal level).
 * Missing actuals (NaN) are skipped everywhere.
 */

export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i], f = forecast[i];
    if (!Number.isFinite(y)) continue;
    const den = Math.abs(y) + Math.abs(f);
    if (den === 0) continue;
    s += (200 * Math.abs(y - f)) / den;
    n++;
  }
  return n ? s / n : Number.NaN;
}

export function maseScale(train: ArrayLike<number>, period: number): number {
  const m = Math.max(1, Math.min(period, train.length - 1));
  let s = 0, n = 0;
  for (let t = m; t < train.length; t++) {
    if (!Number.isFinite(train[t]) || !Number.isFinite(train[t - m])) continue;
    s += Math.abs(train[t] - train[t - m]);
    n++;
  }
  return n ? s / n : Number.NaN;
}

export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  let s = 0, n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i])) continue;
    s += Math.abs(actual[i] - forecast[i]);
    n++;
  }
  return n && scale > 0 ? s / n / scale : Number.NaN;
}

export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): { inside: number; total: number } {
  let inside = 0, total = 0;
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i])) continue;
    total++;
    if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  }
  return { inside, total };
}
