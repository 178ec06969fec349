// The cost board for one time range and, when asked, the previous period's totals with how much of it the data
// covers (lib/time-range/compare), so the Costs KPIs can show an honest change.
import type { Db } from "@/db/client";
import { previousPeriod, type TimeRange } from "@/lib/time-range/range";
import { periodCoverage, type PeriodCoverage } from "@/lib/time-range/compare";
import { byCostDesc, callTotals, costBoard, costByProject, firstModelCallAt, type CostBoard, type ProjectCostRow } from "./store/costs";
import { warmCallTotals, warmCostBoard } from "./store/warm-costs";

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

/**
 * The organization's "By project" table: each project's totals from the hot tables, or across the tiers for a project
 * whose range reaches warm days past its hot retention (each project has its own retention).
 */
export async function costByProjectAcrossTiers(db: Db, orgId: string, bounds: { from: Date; to: Date }, now = new Date()): Promise<ProjectCostRow[]> {
  const rows = await costByProject(db, orgId, bounds);
  const out: ProjectCostRow[] = [];
  for (const r of rows) {
    const warm = await warmCallTotals(db, r.projectId, bounds, now);
    out.push(warm ? { projectId: r.projectId, name: r.name, ...callTotals(warm) } : r);
  }
  return out.sort(byCostDesc);
}
