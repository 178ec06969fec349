// Aggregates of a run (mean with a 95% t interval per evaluator) and the paired comparison of two runs over the items
// both scored (a paired t-test: the experiments engine's t machinery applied to per-item differences).
import { welchTTest } from "@/lib/experiments/stats";
import { studentTQuantile } from "@/lib/experiments/stats/distributions";

export interface MeanWithInterval {
  mean: number | null;
  n: number;
  /** 95% confidence interval of the mean (t distribution); null below two values. */
  ci: [number, number] | null;
}

function meanAndVariance(values: number[]) {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, variance };
}

export function meanWithInterval(values: number[], alpha = 0.05): MeanWithInterval {
  if (values.length === 0) return { mean: null, n: 0, ci: null };
  const { n, mean, variance } = meanAndVariance(values);
  if (n < 2) return { mean, n, ci: null };
  const half = studentTQuantile(1 - alpha / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, n, ci: [mean - half, mean + half] };
}

export interface PairedComparison {
  /** Items scored by both runs. */
  n: number;
  /** Mean of (candidate − baseline) over those items. */
  meanDifference: number | null;
  ci: [number, number] | null;
  pValue: number | null;
}

/** Paired two-sided t-test of candidate − baseline; identical differences give an exact answer (p = 1 or 0). */
export function pairedComparison(pairs: [baseline: number, candidate: number][], alpha = 0.05): PairedComparison {
  const diffs = pairs.map(([b, c]) => c - b);
  if (diffs.length < 2) return { n: diffs.length, meanDifference: diffs[0] ?? null, ci: null, pValue: null };
  const { n, mean, variance } = meanAndVariance(diffs);
  if (variance === 0) return { n, meanDifference: mean, ci: [mean, mean], pValue: mean === 0 ? 1 : 0 };
  const test = welchTTest({ estimate: mean, variance: variance / n, dof: n - 1 }, { alpha, sides: "two-sided" });
  return { n, meanDifference: mean, ci: test.ci, pValue: test.pValue };
}
