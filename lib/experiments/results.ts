/**
 * The results computation behind the hourly job, in steps: load the experiment, bring its per-user values up to
 * date and aggregate them (store/), compute the snapshot and what a breach implies (results-snapshot.ts, pure),
 * persist it in one transaction (store/results.ts), then backfill a small experiment's daily series.
 */
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { MetricDefinition } from "./definition";
import type { Experiment } from "./store/experiments";
import { forgetExperiment } from "./definition-cache";
import type { ExperimentResultsSnapshot } from "./results-types";
import { computeResults } from "./results-snapshot";
import { backfillDailySeries } from "./store/daily-series";
import { experimentById, persistResults } from "./store/results";
import { summariesFromUnits } from "./store/unit-totals";
import { refreshUnitValues } from "./store/unit-values";

// The hourly job lists the experiments to refresh through this module.
export { runningExperiments } from "./store/results";

/** The metrics whose per-user values the results keep, in the order of their columns: goals, then guardrails, once each. */
export function unitMetrics(experiment: Pick<Experiment, "goalMetrics" | "guardrails">): MetricDefinition[] {
  const byKey = new Map<string, MetricDefinition>();
  for (const m of [...experiment.goalMetrics, ...experiment.guardrails.map((g) => g.metric)]) byKey.set(m.key, m);
  return [...byKey.values()];
}

export interface ComputeOptions {
  now?: Date;
}

export async function computeExperimentResults(
  db: Db,
  projectId: string,
  experimentId: string,
  { now = new Date() }: ComputeOptions = {},
): Promise<ExperimentResultsSnapshot> {
  const started = performance.now();
  const experiment = await experimentById(db, projectId, experimentId);
  if (!experiment) throw new AppError("not_found", "No such experiment");
  const until = experiment.endedAt && experiment.endedAt < now ? experiment.endedAt : now;

  const metrics = unitMetrics(experiment);
  // Per-user values are brought up to date incrementally (only users whose exposures or events changed), then
  // aggregated; equal to the full computation in store/metric-query.ts (tests/experiments-incremental.test.ts).
  const refresh = await refreshUnitValues(db, projectId, experiment.id, metrics, until);
  const aggregateStarted = performance.now();
  const { counts, summaries: bySummary } = await summariesFromUnits(db, projectId, experiment.id, metrics);
  const unitRefresh = { ...refresh, aggregateMs: Math.round(performance.now() - aggregateStarted) };

  const outcome = computeResults(experiment, { counts, bySummary, unitRefresh, until, now });
  await persistResults(db, experiment, outcome, now, () => Math.round(performance.now() - started));
  if (outcome.autoStop) await forgetExperiment(projectId, experiment.key);
  await backfillDailySeries(db, experiment, until, outcome.usersByVariant.reduce((a, b) => a + b, 0));
  return outcome.snapshot;
}
