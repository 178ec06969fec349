// Statistics of the sentiment dashboard: Spearman's rank correlation with a confidence interval, and the lift of a
// co-occurrence. Pure.
import { probit, sampleRankCorrelation } from "simple-statistics";

export interface RankCorrelation {
  /** Spearman's rho (midranks for ties); null below 4 pairs or when either side is constant. */
  rho: number | null;
  n: number;
  /** Confidence interval of rho (Fisher z with the Bonett–Wright variance 1.06 / (n − 3)); null with rho. */
  ci: [number, number] | null;
  level: number;
}

export function spearman(xs: readonly number[], ys: readonly number[], level = 0.95): RankCorrelation {
  const n = xs.length;
  if (n !== ys.length) throw new Error("spearman: xs and ys differ in length");
  const constant = (v: readonly number[]) => v.every((x) => x === v[0]);
  if (n < 4 || constant(xs) || constant(ys)) return { rho: null, n, ci: null, level };
  const rho = sampleRankCorrelation([...xs], [...ys]);
  const clamped = Math.max(-0.999999, Math.min(0.999999, rho));
  const z = Math.atanh(clamped);
  const se = Math.sqrt(1.06 / (n - 3));
  const q = probit(1 - (1 - level) / 2);
  return { rho, n, ci: [Math.tanh(z - q * se), Math.tanh(z + q * se)], level };
}

export interface CoOccurrence {
  /** Traces considered (analysed, and for ratings: rated). */
  total: number;
  /** Traces with the condition (a tool error, a low rating). */
  withCondition: number;
  frustrated: number;
  /** Frustrated traces with the condition. */
  both: number;
  /** P(frustrated | condition), P(frustrated | no condition); null when the group is empty. */
  rateWith: number | null;
  rateWithout: number | null;
  /** P(frustrated ∧ condition) / (P(frustrated) · P(condition)); 1 = independent; null when undefined. */
  lift: number | null;
}

export function coOccurrence(c: { total: number; withCondition: number; frustrated: number; both: number }): CoOccurrence {
  const { total, withCondition, frustrated, both } = c;
  const without = total - withCondition;
  return {
    ...c,
    rateWith: withCondition > 0 ? both / withCondition : null,
    rateWithout: without > 0 ? (frustrated - both) / without : null,
    lift: withCondition > 0 && frustrated > 0 ? (both * total) / (withCondition * frustrated) : null,
  };
}
