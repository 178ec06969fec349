/**
 * CUPED (regression adjustment on a pre-exposure covariate), following gbstats'
 * RegressionAdjustedStatistic: y_adj = y − θ·x with one θ for both arms of a
 * comparison, estimated on the two arms pooled. A shared θ keeps the adjusted
 * difference unbiased (x is balanced by randomization) while removing the part
 * of the variance explained by x.
 */
import {
  armStatistic,
  sampleCovariance,
  sampleVariance,
  type ArmStatistic,
  type MetricType,
  type VariantSummary,
} from "./variant-statistics";

function postVariance(n: number, sum: number, sumSquares: number, metricType: MetricType): number {
  if (metricType === "binomial") {
    const p = sum / n;
    return p * (1 - p);
  }
  return sampleVariance(n, sum, sumSquares);
}

/**
 * θ = cov(y, x) / var(x) on the pooled control + treatment units; 0 when either
 * pooled variance vanishes (then gbstats falls back to the unadjusted analysis).
 */
export function pooledTheta(
  control: VariantSummary,
  treatment: VariantSummary,
  metricType: MetricType,
): number {
  const a = control.covariate;
  const b = treatment.covariate;
  if (!a || !b) return 0;
  const n = control.n + treatment.n;
  const ySum = control.sum + treatment.sum;
  const ySumSquares = (control.sumSquares ?? control.sum) + (treatment.sumSquares ?? treatment.sum);
  const xSum = a.sum + b.sum;
  const preVar = sampleVariance(n, xSum, a.sumSquares + b.sumSquares);
  const postVar = postVariance(n, ySum, ySumSquares, metricType);
  if (preVar === 0 || postVar === 0) return 0;
  return sampleCovariance(n, ySum, xSum, a.crossSum + b.crossSum) / preVar;
}

/**
 * The arm statistic adjusted with a given θ: mean ȳ − θ·x̄ and variance
 * σ²_y + θ²σ²_x − 2θ·cov(y, x). With θ = 0 (or no covariate) it is the plain
 * statistic, so callers need no special case.
 */
export function cupedArmStatistic(
  summary: VariantSummary,
  metricType: MetricType,
  theta: number,
): ArmStatistic | null {
  const base = armStatistic(summary, metricType);
  if (!base.ok) return null;
  const x = summary.covariate;
  if (!x || theta === 0) return base.stat;
  const { n } = summary;
  const preVariance = sampleVariance(n, x.sum, x.sumSquares);
  const covariance = sampleCovariance(n, summary.sum, x.sum, x.crossSum);
  const postVariance = base.stat.variance;
  return {
    n,
    mean: base.stat.mean - (theta * x.sum) / n,
    unadjustedMean: base.stat.unadjustedMean,
    variance: Math.max(0, postVariance + theta * theta * preVariance - 2 * theta * covariance),
    cuped: { theta, postVariance, preVariance, covariance },
  };
}
