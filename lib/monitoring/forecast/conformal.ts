/**
 * Conformal calibration of forecast intervals on rolling-backtest residuals (normalised conformal prediction):
 * each held-out point's nonconformity is |actual - forecast| / the model's own half-width at that step, so the
 * calibrated interval keeps the model's shape (wider further ahead) and only its scale is corrected:
 * forecast ± c × half-width, with c the level-quantile of the scores. Residuals are weighted by their age
 * (non-exchangeable conformal prediction, Barber et al. 2023: weight 2^(-age / HALF_LIFE)), because a series'
 * noise drifts (a rate over a growing daily volume gets quieter) and the oldest backtest folds fit on the least
 * history. Coverage is reported out of sample and in time order (online conformal): each origin's points are
 * judged with c calibrated only on the residuals already observed at that origin, as the live forecast would be.
 * After a confirmed level shift (level-shift.ts) only the folds fitted on the new level calibrate, when there are
 * enough of them.
 */

/** One backtest fold's held-out points: actual (NaN if missing), forecast and the model's half-width per level. */
export interface ConformalFold {
  /** Index of the first held-out point (the fold's origin) in the series. */
  origin: number;
  /** Where the level the fold was fitted on began (the last confirmed level shift before its origin; 0 if none). */
  since?: number;
  actual: ArrayLike<number>;
  point: ArrayLike<number>;
  halfWidth: Map<number, ArrayLike<number>>;
  /**
   * Per-point multiplier of the half-width for the noise expected that day (a rate's sampling noise at its expected
   * daily count, sampling.ts); 1 when absent.
   */
  scale?: ArrayLike<number>;
}

/** Residuals needed before a coverage judgement is made (fewer: the origin's points are not judged). */
export const MIN_CALIBRATION = 10;
/** Age (in steps) at which a residual counts half. */
export const HALF_LIFE = 14;

interface Score {
  value: number;
  /** Series index of the held-out point. */
  at: number;
}

function score(f: ConformalFold, level: number, h: number): number {
  const err = Math.abs(f.actual[h] - f.point[h]);
  if (!Number.isFinite(err)) return Number.NaN;
  const hw = f.halfWidth.get(level)![h] * (f.scale?.[h] ?? 1);
  return hw > 0 ? err / hw : err === 0 ? 0 : Number.POSITIVE_INFINITY;
}

/**
 * Nonconformity scores of the folds' points that lie before `before` (all of them by default), ascending. With
 * `since` (the current level's start), only folds fitted after it count, if they hold MIN_CALIBRATION scores: the
 * residuals of forecasts made across a level shift say nothing about the new level's noise.
 */
function scores(folds: readonly ConformalFold[], level: number, before = Number.POSITIVE_INFINITY, since = 0): Score[] {
  if (since > 0) {
    const recent = scores(folds.filter((f) => f.origin >= since), level, before);
    if (recent.length >= MIN_CALIBRATION) return recent;
  }
  const out: Score[] = [];
  for (const f of folds) {
    for (let h = 0; h < f.actual.length && f.origin + h < before; h++) {
      const value = score(f, level, h);
      if (!Number.isNaN(value)) out.push({ value, at: f.origin + h });
    }
  }
  return out.sort((a, b) => a.value - b.value);
}

/**
 * The weighted level-quantile of the scores as seen at index `now`, the test point counting with weight 1 (at
 * +infinity): the smallest score whose cumulative weight reaches `level` of the total. When even the largest
 * score does not (too few residuals for this level's guarantee), the largest finite one is the best available.
 */
function factorOf(s: readonly Score[], level: number, now: number): number {
  if (s.length === 0) return 1;
  const weights = s.map((x) => 2 ** (-(now - x.at) / HALF_LIFE));
  const total = weights.reduce((a, b) => a + b, 1);
  let cumulative = 0;
  for (let i = 0; i < s.length; i++) {
    cumulative += weights[i];
    if (cumulative >= level * total) return Number.isFinite(s[i].value) ? s[i].value : lastFinite(s);
  }
  return lastFinite(s);
}

const lastFinite = (s: readonly Score[]) => s.filter((x) => Number.isFinite(x.value)).pop()?.value ?? 1;

/**
 * The scale factor for `level` at index `now` (1 when there is nothing to calibrate on: the model's own interval),
 * from the folds fitted on the level that began at `since` when they are enough.
 */
export function conformalFactor(folds: readonly ConformalFold[], level: number, now: number, since = 0): number {
  return factorOf(scores(folds, level, Number.POSITIVE_INFINITY, since), level, now);
}

/**
 * Share of held-out points inside their calibrated interval, each origin's points judged with the factor calibrated
 * on the residuals observed before that origin (at least MIN_CALIBRATION of them). NaN when no point can be judged.
 */
export function onlineCoverage(folds: readonly ConformalFold[], level: number): number {
  let inside = 0;
  let total = 0;
  for (const f of folds) {
    const known = scores(folds, level, f.origin, f.since);
    if (known.length < MIN_CALIBRATION) continue;
    const c = factorOf(known, level, f.origin);
    for (let h = 0; h < f.actual.length; h++) {
      const s = score(f, level, h);
      if (Number.isNaN(s)) continue;
      total++;
      if (s <= c) inside++;
    }
  }
  return total ? inside / total : Number.NaN;
}
