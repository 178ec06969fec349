/**
 * Sampling noise of a rate's daily value (binomial: a share of `count` observations), for forecast intervals.
 *
 * A day's rate over n observations wobbles by sqrt(p(1-p)/n) around its true value on top of any real change. The
 * models fit one noise level to the whole history, so on a metric whose daily volume moves (weekends, growth, a
 * thumbs-up rate over 4 to 40 ratings a day) their intervals are too wide on busy days and too narrow on quiet ones,
 * and a conformal factor calibrated on the noisy early weeks of a growing product stays too large for its quieter
 * recent ones. So each forecast day's half-width is rescaled by the sampling variance expected that day:
 *
 *   variance(h) = model variance(h) + b × (E[1/n_t] / mean(1/n) - 1)
 *
 * where mean(1/n) is the training days' average inverse count (the noise the model's variance was fitted on) and
 * b = min(p(1-p) × mean(1/n), one-step model variance) is the part of that one-step variance that binomial sampling
 * explains (p pooled over the training days): only that part is rescaled, so extra-binomial variation and the
 * model's growing uncertainty further ahead are kept as they are. The conformal factor then calibrates the rescaled
 * half-widths, i.e. the nonconformity score is the residual standardized by the day's expected sampling noise.
 *
 * E[1/n_t] is what the forecast can know on its origin, not the day's actual count (unknown until the day is over,
 * so using it would make the backtest judge intervals the live forecast cannot draw): the mean inverse count of the
 * same weekday (same phase of the seasonal period) over the last four cycles before the origin, else of the last
 * four cycles' days. Only scored days (value defined, i.e. at least the metric's minimum count) enter it, because a
 * day with fewer observations has no rate: it is neither covered nor missed, and its interval is never judged.
 */

/** z of the central 80% interval: the model's half-widths are z × standard deviation. */
const Z80 = 1.2815515655446004;
const CYCLES = 4;

export interface SamplingInput {
  /** The series on the grid (NaN where the rate is undefined). */
  observed: ArrayLike<number>;
  /** Observations behind each grid value (the rate's denominator; NaN when unknown). */
  counts: ArrayLike<number>;
  /** Seasonal period in steps (1 when none). */
  period: number;
}

const usable = (s: SamplingInput, i: number) => Number.isFinite(s.observed[i]) && s.counts[i] > 0;

/** Mean 1/n over the scored days before `origin` at `t`'s phase in the last CYCLES periods, else over all of them. */
export function expectedInverseCount(s: SamplingInput, origin: number, t: number): number {
  const span = CYCLES * Math.max(1, s.period);
  let phase = 0, nPhase = 0, all = 0, nAll = 0;
  for (let i = origin - 1; i >= Math.max(0, origin - span); i--) {
    if (!usable(s, i)) continue;
    all += 1 / s.counts[i];
    nAll++;
    if ((t - i) % Math.max(1, s.period) === 0) {
      phase += 1 / s.counts[i];
      nPhase++;
    }
  }
  if (nPhase > 0) return phase / nPhase;
  return nAll > 0 ? all / nAll : Number.NaN;
}

/**
 * Multipliers for the model's half-widths of the `halfWidth80.length` steps from `origin` (one per step; all 1 when
 * the training days, `from` to `origin`, carry no counts).
 */
export function binomialScale(s: SamplingInput, origin: number, halfWidth80: ArrayLike<number>, from = 0): Float64Array {
  const out = new Float64Array(halfWidth80.length).fill(1);
  let inv = 0, days = 0, hits = 0, total = 0;
  for (let i = from; i < origin; i++) {
    if (!usable(s, i)) continue;
    inv += 1 / s.counts[i];
    days++;
    hits += s.observed[i] * s.counts[i];
    total += s.counts[i];
  }
  const sd0 = halfWidth80[0] / Z80;
  if (days === 0 || !(sd0 > 0)) return out;
  const meanInverse = inv / days;
  const p = Math.min(1, Math.max(0, hits / total));
  const binomial = Math.min(p * (1 - p) * meanInverse, sd0 * sd0);
  for (let h = 0; h < out.length; h++) {
    const sd = halfWidth80[h] / Z80;
    const expected = expectedInverseCount(s, origin, origin + h);
    if (!(sd > 0) || !Number.isFinite(expected)) continue;
    out[h] = Math.sqrt(Math.max(0, sd * sd + binomial * (expected / meanInverse - 1))) / sd;
  }
  return out;
}
