// The cost board for one time range and, when asked, the previous period's totals with how much of it the data
// covers (lib/time-range/compare), so the Costs KPIs can show an honest change.
import type { Db } from "@/db/client";
import { previousPeriod, type TimeRange } from "@/lib/time-range/range";
import { periodCoverage, type PeriodCoverage } from "@/lib/time-range/compare";
import { costBoard, firstModelCallAt, type CostBoard } from "./store/costs";
import { warmCostBoard } from "./store/warm-costs";

/** The board from the hot tables, or across the tiers when the range reaches warm days past hot retention. */
async function boardAcrossTiers(db: Db, projectId: string, bounds: { from: Date; to: Date; cohort?: string }, limits = { users: 10, traces: 10 }, now = new Date()) {
  return (await warmCostBoard(db, projectId, bounds, limits, now)) ?? costBoard(db, projectId, bounds, limits);
}

export interface CostReport extends CostBoard {
  previous: { from: Date; to: Date; coverage: PeriodCoverage; totals: CostBoard["totals"] } | null;
}

export async function costReport(db: Db, projectId: string, query: { cohort?: string }, range: TimeRange): Promise<CostReport> {
  const board = await boardAcrossTiers(db, projectId, { from: range.from, to: range.to, cohort: query.cohort });
  if (!range.compare) return { ...board, previous: null };
  const bounds = previousPeriod(range);
  // Only the totals are compared: the previous period's tables are not shown.
  const [before, first] = await Promise.all([boardAcrossTiers(db, projectId, { ...bounds, cohort: query.cohort }, { users: 0, traces: 0 }), firstModelCallAt(db, projectId)]);
  const coverage: PeriodCoverage = before.totals.calls === 0 ? "none" : periodCoverage(bounds, first);
  return { ...board, previous: { from: bounds.from, to: bounds.to, coverage, totals: before.totals } };
}
