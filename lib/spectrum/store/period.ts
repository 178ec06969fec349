// Weekly/monthly per-user aggregates. Recomputing a period replaces its row exactly (delete + insert in one transaction).
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumInsights, spectrumPeriodAggregates } from "@/db/schema";
import { aggregatePeriod, PERIOD_AGGREGATION_VERSION, type PeriodAggregate, type SessionSummary } from "../period-aggregate";
import { periodRange, previousPeriodRange, type Granularity, type PeriodRange } from "../period-range";
import { meanVector } from "../vector";
import { countedSessions, loadUserScope, type UserScope } from "./scope";
import { invalidateOverview } from "./cache";

export const insightKind = (g: Granularity) => (g === "week" ? "weekly" : "monthly");

export interface StoredPeriod {
  periodKey: string;
  start: Date;
  end: Date;
  aggregate: PeriodAggregate;
  analysisVersion: string;
}

/** The period aggregate of the counted sessions, with shifts against the previous period's counted sessions. */
export function periodFromSessions(sessions: SessionSummary[], previousSessions: SessionSummary[]) {
  const previous = previousSessions.length > 0 ? aggregatePeriod(previousSessions) : null;
  const aggregate = sessions.length > 0 ? aggregatePeriod(sessions, { previous }) : null;
  return { aggregate, analysisVersion: `${aggregate?.analysisVersion ?? "none"}+${PERIOD_AGGREGATION_VERSION}` };
}

export function periodRow(
  projectId: string,
  userId: string,
  granularity: Granularity,
  range: PeriodRange,
  sessions: SessionSummary[],
  aggregate: PeriodAggregate,
  analysisVersion: string,
): typeof spectrumPeriodAggregates.$inferInsert {
  return {
    projectId,
    userId,
    granularity,
    periodKey: range.key,
    periodStart: range.start,
    periodEnd: range.end,
    sessionCount: aggregate.sessionCount,
    meanVector: meanVector(sessions.map((x) => x.vector)),
    aggregate,
    analysisVersion,
  };
}

const periodWhere = (projectId: string, userId: string, granularity: Granularity, periodKey: string) =>
  and(
    eq(spectrumPeriodAggregates.projectId, projectId),
    eq(spectrumPeriodAggregates.userId, userId),
    eq(spectrumPeriodAggregates.granularity, granularity),
    eq(spectrumPeriodAggregates.periodKey, periodKey),
  );

/**
 * Recomputes the user's aggregate of the period containing `anchor` from the sessions that count. An empty period
 * has no aggregate (and its insight is removed, since it would describe sessions that no longer count).
 */
export async function recomputePeriod(
  db: Db,
  projectId: string,
  userId: string,
  granularity: Granularity,
  anchor: Date,
  scope?: UserScope,
): Promise<StoredPeriod | null> {
  const s = scope ?? (await loadUserScope(db, projectId, userId));
  const range = periodRange(anchor, granularity);
  const prevRange = previousPeriodRange(anchor, granularity);
  const sessions = await countedSessions(db, projectId, userId, range.start, range.end, s);
  const previousSessions = await countedSessions(db, projectId, userId, prevRange.start, prevRange.end, s);
  const { aggregate, analysisVersion } = periodFromSessions(sessions, previousSessions);
  await db.transaction(async (tx) => {
    await tx.delete(spectrumPeriodAggregates).where(periodWhere(projectId, userId, granularity, range.key));
    if (!aggregate) {
      await tx
        .delete(spectrumInsights)
        .where(
          and(
            eq(spectrumInsights.projectId, projectId),
            eq(spectrumInsights.userId, userId),
            eq(spectrumInsights.kind, insightKind(granularity)),
            eq(spectrumInsights.periodKey, range.key),
          ),
        );
      return;
    }
    await tx.insert(spectrumPeriodAggregates).values(periodRow(projectId, userId, granularity, range, sessions, aggregate, analysisVersion));
  });
  await invalidateOverview(projectId, userId);
  return aggregate ? { periodKey: range.key, start: range.start, end: range.end, aggregate, analysisVersion } : null;
}
