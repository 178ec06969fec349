/**
 * A saved cohort as the breakdown of an experiment's results (members vs the other exposed users), in place of the
 * default split by plan at first exposure. Descriptive, like the plan split: point estimates per variant, not tested
 * separately. It describes the users and values of the stored results (the per-user rows the results job keeps) and
 * the cohort's membership as of its last refresh.
 */
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { getCohort } from "@/lib/cohorts/store/cohorts";
import type { VariantSummary } from "./stats/variant-statistics";
import { unitMetrics } from "./results";
import { ordered } from "./results-snapshot";
import { IN_COHORT, NOT_IN_COHORT, summariesByCohortMembership } from "./store/cohort-breakdown";
import type { Experiment } from "./store/experiments";
import type { ExperimentResultsSnapshot } from "./results-types";

export interface CohortBreakdown {
  cohort: { id: string; name: string; size: number | null; computedAt: Date | null };
  /** Per goal metric: the members' and the others' statistics per variant (absent parts have n = 0). */
  metrics: Array<{ metricKey: string; cohorts: Array<{ cohort: string; summaries: VariantSummary[] }> }>;
}

export async function cohortBreakdown(db: Db, projectId: string, experiment: Experiment, cohortId: string): Promise<CohortBreakdown> {
  const cohort = await getCohort(db, projectId, cohortId);
  if (cohort.computedAt === null) throw new AppError("conflict", `Cohort "${cohort.name}" has no membership yet: refresh it first`);
  const summaries = await summariesByCohortMembership(db, projectId, experiment.id, unitMetrics(experiment), cohortId);
  const labels = [
    { part: IN_COHORT, label: `in ${cohort.name}` },
    { part: NOT_IN_COHORT, label: `not in ${cohort.name}` },
  ];
  return {
    cohort: { id: cohort.id, name: cohort.name, size: cohort.size, computedAt: cohort.computedAt },
    metrics: experiment.goalMetrics.map((metric) => {
      const parts = summaries.cohorts.get(metric.key) ?? [];
      return {
        metricKey: metric.key,
        cohorts: labels.map(({ part, label }) => ({
          cohort: label,
          summaries: ordered(experiment, parts.find((p) => p.cohort === part)?.summaries),
        })),
      };
    }),
  };
}

/** The stored results with each goal metric's split replaced by the cohort breakdown (pure). */
export function withCohortBreakdown(snapshot: ExperimentResultsSnapshot, breakdown: CohortBreakdown): ExperimentResultsSnapshot {
  const byMetric = new Map(breakdown.metrics.map((m) => [m.metricKey, m.cohorts]));
  return {
    ...snapshot,
    metrics: snapshot.metrics.map((m) => (m.role === "goal" && byMetric.has(m.metricKey) ? { ...m, cohorts: byMetric.get(m.metricKey) } : m)),
  };
}
