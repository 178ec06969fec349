/**
 * Split-conformal calibration of forecast intervals on rolling-backtest residuals (normalised conformal
 * prediction): each held-out point's nonconformity is |actual - forecast| / the model's own half-width at that
 * step, so the calibrated interval keeps the model's shape (wider further ahead) and only its scale is corrected:
 * forecast ± c × half-width, with c the ceil((n + 1) × level)-th smallest of the n scores. Coverage is reported
 * out of sample: each fold's points are judged with c calibrated on the other folds only.
 */

/** One backtest fold's held-out points: actual (NaN if missing), forecast and the model's half-width per level. */
export interface ConformalFold {
  actual: ArrayLike<number>;
  point: ArrayLike<number>;
  halfWidth: Map<number, ArrayLike<number>>;
}

function scores(folds: readonly ConformalFold[], level: number): number[] {
  const out: number[] = [];
  for (const f of folds) {
    const hw = f.halfWidth.get(level)!;
    for (let h = 0; h < f.actual.length; h++) {
      const err = Math.abs(f.actual[h] - f.point[h]);
      if (!Number.isFinite(err)) continue;
      out.push(hw[h] > 0 ? err / hw[h] : err === 0 ? 0 : Number.POSITIVE_INFINITY);
    }
  }
  return out.sort((a, b) => a - b);
}

/** The scale factor for `level` (1 when there is nothing to calibrate on: the model's own interval). */
export function conformalFactor(folds: readonly ConformalFold[], level: number): number {
  const s = scores(folds, level);
  if (s.length === 0) return 1;
  const rank = Math.ceil((s.length + 1) * level);
  // Too few scores for this level's guarantee: the largest one seen is the best available.
  const c = s[Math.min(rank, s.length) - 1];
  return Number.isFinite(c) ? c : s.filter(Number.isFinite).pop() ?? 1;
}

/** Share of held-out points inside their calibrated interval, each fold calibrated on the others (NaN if none). */
export function crossValidatedCoverage(folds: readonly ConformalFold[], level: number): number {
  let inside = 0;
  let total = 0;
  folds.forEach((f, k) => {
    if (folds.length < 2) return;
    const c = conformalFactor(folds.filter((_, j) => j !== k), level);
    const hw = f.halfWidth.get(level)!;
    for (let h = 0; h < f.actual.length; h++) {
      if (!Number.isFinite(f.actual[h])) continue;
      total++;
      if (Math.abs(f.actual[h] - f.point[h]) <= c * hw[h]) inside++;
    }
  });
  return total ? inside / total : Number.NaN;
}
