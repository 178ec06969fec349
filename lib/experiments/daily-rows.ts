/**
 * One point of the cumulative daily series per goal metric × treatment: the lift with its sequential interval
 * (always valid, so a daily look does not inflate false positives). Pure; store/daily-series.ts writes the rows.
 */
import type { experimentDailyResults } from "@/db/schema";
import type { MetricDefinition } from "./definition";
import { analyze } from "./stats/analyze";
import type { VariantSummary } from "./stats/variant-statistics";
import type { Experiment } from "./store/experiments";

export type DailyRow = typeof experimentDailyResults.$inferInsert;

function sequentialLift(metric: MetricDefinition, summaries: VariantSummary[], controlKey: string, alpha: number) {
  const withUnits = summaries.filter((s) => s.n > 0);
  if (!withUnits.some((s) => s.key === controlKey) || withUnits.length < 2) return null;
  try {
    return analyze({ metricType: metric.type, variants: withUnits, controlKey, engine: "sequential", alpha, sides: "two-sided" });
  } catch {
    return null;
  }
}

/** One row per goal metric × treatment for `day`, from per-variant statistics (ordered like the variants). */
export function dailyRowsFor(experiment: Experiment, summariesOf: (metricKey: string) => VariantSummary[], day: string, computedAt: Date): DailyRow[] {
  const controlKey = experiment.variants[0].key;
  return experiment.goalMetrics.flatMap((metric) => {
    const summaries = summariesOf(metric.key);
    const analysis = sequentialLift(metric, summaries, controlKey, experiment.alpha);
    const controlN = summaries.find((s) => s.key === controlKey)?.n ?? 0;
    return experiment.variants.slice(1).map((v) => {
      const t = analysis?.treatments.find((a) => a.key === v.key);
      const finite = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
      return {
        projectId: experiment.projectId,
        experimentId: experiment.id,
        day,
        metricKey: metric.key,
        variantKey: v.key,
        n: summaries.find((s) => s.key === v.key)?.n ?? 0,
        controlN,
        lift: finite(t?.lift),
        lower: finite(t?.liftCI?.[0]),
        upper: finite(t?.liftCI?.[1]),
        computedAt,
      };
    });
  });
}

