/**
 * The cumulative daily series behind the results page's "lift over time" chart: per UTC day, each goal metric ×
 * treatment's lift with its sequential interval (always valid, so a daily look does not inflate false positives).
 * Each results run writes today's point; a small experiment's past days are backfilled on its first run by
 * recomputing the statistics as of each day's end (large ones start their series at their first run: the backfill
 * would cost one full results query per day).
 */
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { experimentDailyResults } from "@/db/schema";
import { dailyRowsFor, type DailyRow } from "../daily-rows";
import { metricSummariesByCohort } from "./metric-query";
import type { Experiment } from "./experiments";

const DAY = 86_400_000;
export const BACKFILL_MAX_UNITS = 20_000;
export const BACKFILL_MAX_DAYS = 90;

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

export async function writeDailyRows(db: Db, rows: DailyRow[]) {
  for (const row of rows) {
    await db
      .insert(experimentDailyResults)
      .values(row)
      .onConflictDoUpdate({
        target: [experimentDailyResults.experimentId, experimentDailyResults.day, experimentDailyResults.metricKey, experimentDailyResults.variantKey],
        set: { n: row.n, controlN: row.controlN, lift: row.lift, lower: row.lower, upper: row.upper, computedAt: row.computedAt },
      });
  }
}

/**
 * Fills the days from the experiment's start to the day before `until` when the series has no earlier point yet and
 * the experiment is small enough. Returns the number of days written.
 */
export async function backfillDailySeries(db: Db, experiment: Experiment, until: Date, units: number): Promise<number> {
  if (!experiment.startedAt || units > BACKFILL_MAX_UNITS) return 0;
  const today = utcDay(until);
  const [earlier] = await db
    .select({ day: experimentDailyResults.day })
    .from(experimentDailyResults)
    .where(
      and(
        eq(experimentDailyResults.projectId, experiment.projectId),
        eq(experimentDailyResults.experimentId, experiment.id),
        lt(experimentDailyResults.day, today),
      ),
    )
    .limit(1);
  if (earlier) return 0;
  const metrics = experiment.goalMetrics;
  const first = Math.max(Date.parse(utcDay(experiment.startedAt)), Date.parse(today) - BACKFILL_MAX_DAYS * DAY);
  let written = 0;
  for (let dayStart = first; dayStart < Date.parse(today); dayStart += DAY) {
    const end = new Date(dayStart + DAY);
    const { totals } = await metricSummariesByCohort(db, experiment.projectId, experiment.id, metrics, end);
    const ordered = (key: string) => experiment.variants.map((v) => totals.get(key)?.find((s) => s.key === v.key) ?? { key: v.key, n: 0, sum: 0 });
    await writeDailyRows(db, dailyRowsFor(experiment, ordered, utcDay(new Date(dayStart)), until));
    written++;
  }
  return written;
}
