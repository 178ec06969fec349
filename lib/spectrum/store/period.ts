// Weekly/monthly per-user aggregates. Recomputing a period replaces its row exactly (one upsert, see period-sql.ts).
import type { Db } from "@/db/client";
import type { PeriodAggregate } from "../period-aggregate";
import { periodRange, type Granularity } from "../period-range";
import { aggregatePeriodsInDb } from "./period-sql";
import { invalidateOverview } from "./cache";

export { insightKind } from "./period-sql";

export interface StoredPeriod {
  periodKey: string;
  start: Date;
  end: Date;
  aggregate: PeriodAggregate;
  analysisVersion: string;
}

/**
 * Recomputes the user's aggregate of the period containing `anchor` from the sessions that count (after the latest
 * reset, not excluded). An empty period has no aggregate (and its insight is removed, since it would describe sessions
 * that no longer count).
 */
export async function recomputePeriod(db: Db, projectId: string, userId: string, granularity: Granularity, anchor: Date): Promise<StoredPeriod | null> {
  const range = periodRange(anchor, granularity);
  const { first } = await aggregatePeriodsInDb(db, projectId, [userId], granularity, anchor);
  await invalidateOverview(projectId, userId);
  return first ? { periodKey: range.key, start: range.start, end: range.end, ...first } : null;
}
