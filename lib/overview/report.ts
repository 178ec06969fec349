// The Overview's figures for one time range and, when asked, the previous period of the same length with how much
// of it the data covers, so the page can show an honest change (none without previous data, partial labelled).
import type { Db } from "@/db/client";
import { previousPeriod, type TimeRange } from "@/lib/time-range/range";
import { periodCoverage, type PeriodCoverage } from "@/lib/time-range/compare";
import { overviewBetween } from "./summary";
import { firstEventAt } from "./store/daily-activity";

export async function overviewReport(db: Db, projectId: string, query: { cohort?: string }, range: TimeRange) {
  const current = await overviewBetween(db, projectId, query, range);
  if (!range.compare) return { ...current, previous: null };
  const bounds = previousPeriod(range);
  const [before, first] = await Promise.all([overviewBetween(db, projectId, query, bounds), firstEventAt(db, projectId)]);
  const coverage: PeriodCoverage = before.days.length === 0 ? "none" : periodCoverage(bounds, first);
  return { ...current, previous: { from: bounds.from, to: bounds.to, coverage, days: before.days, totals: before.totals } };
}
