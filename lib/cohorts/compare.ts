// Cohort analysis: two or more cohorts side by side on per-user outcomes, each later cohort against the first with
// the difference, its 95 % confidence interval and p-value from the experiments' stats engine (Welch t-test).
import { z } from "zod";
import { absoluteEffect, sampleVariance, welchTTest, type ArmStatistic } from "@/lib/experiments/stats";
import type { CohortOutcomeSums, MetricSums } from "./store/compare";

export const COMPARED_METRICS = ["successRate", "errorsPerUser", "costPerUser", "latencyMs", "rating"] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

export const cohortCompareInputSchema = z
  .strictObject({
    cohorts: z.array(z.uuid()).min(2).max(6).refine((ids) => new Set(ids).size === ids.length, "each cohort once"),
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    /** The score that counts as a rating; default: every numeric and boolean score. */
    ratingScore: z.string().trim().min(1).max(200).optional(),
  })
  .refine((v) => v.to > v.from, { path: ["to"], message: "must be after from" });
export type CohortCompareInput = z.infer<typeof cohortCompareInputSchema>;

export interface MetricSummary {
  n: number;
  mean: number | null;
}

export interface Difference {
  /** This cohort's mean minus the first cohort's. */
  estimate: number;
  ci: [number, number];
  pValue: number;
}

export interface ComparedCohort {
  cohortId: string;
  members: number;
  activeUsers: number;
  metrics: Record<ComparedMetric, MetricSummary & { difference: Difference | null }>;
}

const ALPHA = 0.05;

function arm(s: MetricSums): ArmStatistic | null {
  if (s.n === 0) return null;
  const mean = s.sum / s.n;
  return { n: s.n, mean, unadjustedMean: mean, variance: sampleVariance(s.n, s.sum, s.sumSquares) };
}

/** Welch difference of means against the baseline; null when either side has fewer than 2 users or no spread. */
function difference(baseline: MetricSums, other: MetricSums): Difference | null {
  const control = arm(baseline);
  const treatment = arm(other);
  if (!control || !treatment || control.n < 2 || treatment.n < 2) return null;
  if (control.variance === 0 && treatment.variance === 0) return null;
  const effect = absoluteEffect(control, treatment);
  const test = welchTTest(effect, { alpha: ALPHA, sides: "two-sided" });
  return { estimate: effect.estimate, ci: test.ci, pValue: test.pValue };
}

/** Cohorts in the order asked; a cohort with no members yet still appears, with empty metrics. */
export function compareCohorts(order: string[], sums: CohortOutcomeSums[]): { baseline: string; alpha: number; cohorts: ComparedCohort[] } {
  const empty: MetricSums = { n: 0, sum: 0, sumSquares: 0 };
  const byId = new Map(sums.map((s) => [s.cohortId, s]));
  const of = (id: string): CohortOutcomeSums =>
    byId.get(id) ?? { cohortId: id, members: 0, activeUsers: 0, successRate: empty, errorsPerUser: empty, costPerUser: empty, latencyMs: empty, rating: empty };
  const baseline = of(order[0]);
  const cohorts = order.map((id, i) => {
    const c = of(id);
    const metrics = Object.fromEntries(
      COMPARED_METRICS.map((m) => [m, { n: c[m].n, mean: c[m].n ? c[m].sum / c[m].n : null, difference: i === 0 ? null : difference(baseline[m], c[m]) }]),
    ) as ComparedCohort["metrics"];
    return { cohortId: id, members: c.members, activeUsers: c.activeUsers, metrics };
  });
  return { baseline: order[0], alpha: ALPHA, cohorts };
}
