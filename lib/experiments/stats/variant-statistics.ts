/**
 * Turns per-variant sufficient statistics (counts, sums, sums of squares) into
 * the per-unit mean and variance every engine works from. Warehouses can
 * produce these sums in one GROUP BY, so raw events never reach this code.
 */

export type MetricType = "binomial" | "mean" | "count" | "ratio";

/** Pre-exposure covariate for CUPED, per variant. */
export interface CovariateSummary {
  /** Σx over units, x = the covariate (usually the metric before exposure). */
  sum: number;
  /** Σx². */
  sumSquares: number;
  /** Σx·y with y the metric value (for ratio metrics: not supported). */
  crossSum: number;
}

export interface VariantSummary {
  key: string;
  /** Number of experiment units (users). */
  n: number;
  /** Σy; for binomial metrics the number of converted units. */
  sum: number;
  /** Σy²; ignored for binomial metrics (y² = y for 0/1 data). */
  sumSquares?: number;
  /** Ratio metrics: Σd of the per-unit denominator. */
  denominatorSum?: number;
  /** Ratio metrics: Σd². */
  denominatorSumSquares?: number;
  /** Ratio metrics: Σy·d. */
  crossSum?: number;
  covariate?: CovariateSummary;
}

/** Per-arm summary the effect estimators consume. */
export interface ArmStatistic {
  n: number;
  /** Mean used in differences (CUPED-adjusted when a covariate was used). */
  mean: number;
  /** Observed metric mean: the base of the relative lift. */
  unadjustedMean: number;
  /** Per-unit variance of the (adjusted) outcome. */
  variance: number;
  /** CUPED pieces the relative-lift variance needs (gbstats conventions). */
  cuped?: {
    theta: number;
    postVariance: number;
    preVariance: number;
    covariance: number;
  };
}

export type ArmResult = { ok: true; stat: ArmStatistic } | { ok: false; warning: string };

/** Unbiased sample variance from sums; 0 when it is undefined (n ≤ 1). */
export function sampleVariance(n: number, sum: number, sumSquares: number): number {
  if (n <= 1) return 0;
  // Rounding in the sums can push an exactly-zero variance slightly negative.
  return Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
}

export function sampleCovariance(n: number, sumX: number, sumY: number, sumXY: number): number {
  if (n <= 1) return 0;
  return (sumXY - (sumX * sumY) / n) / (n - 1);
}

/**
 * Delta-method variance of M/D for a per-unit numerator M and denominator D:
 * σ²_M/μ_D² − 2·cov·μ_M/μ_D³ + μ_M²·σ²_D/μ_D⁴.
 */
export function ratioVariance(
  meanM: number,
  varM: number,
  meanD: number,
  varD: number,
  covMD: number,
): number {
  return Math.max(
    0,
    varM / meanD ** 2 - (2 * covMD * meanM) / meanD ** 3 + (meanM ** 2 * varD) / meanD ** 4,
  );
}

/** Mean of the metric and the per-unit variance implied by its type. */
export function armStatistic(summary: VariantSummary, metricType: MetricType): ArmResult {
  const { n, sum } = summary;
  if (metricType === "binomial") {
    const p = sum / n;
    // Bernoulli variance p(1-p), as gbstats' ProportionStatistic.
    return { ok: true, stat: { n, mean: p, unadjustedMean: p, variance: p * (1 - p) } };
  }
  if (metricType === "ratio") {
    const dSum = summary.denominatorSum ?? 0;
    if (dSum === 0) {
      return { ok: false, warning: `variant "${summary.key}" has a denominator sum of 0, so its ratio is undefined` };
    }
    const meanM = sum / n;
    const meanD = dSum / n;
    const varM = sampleVariance(n, sum, summary.sumSquares ?? 0);
    const varD = sampleVariance(n, dSum, summary.denominatorSumSquares ?? 0);
    const cov = sampleCovariance(n, sum, dSum, summary.crossSum ?? 0);
    const mean = sum / dSum;
    return {
      ok: true,
      stat: { n, mean, unadjustedMean: mean, variance: ratioVariance(meanM, varM, meanD, varD, cov) },
    };
  }
  const mean = sum / n;
  return {
    ok: true,
    stat: { n, mean, unadjustedMean: mean, variance: sampleVariance(n, sum, summary.sumSquares ?? 0) },
  };
}
