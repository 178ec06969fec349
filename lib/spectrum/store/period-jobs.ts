// Shared logic of the weekly and monthly jobs: which users to process for a period, and running one user.
import { and, eq, gte, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumSessionAggregates } from "@/db/schema";
import { LEXICON_ANALYSIS_VERSION } from "../lexicon-analyzer";
import { PERIOD_AGGREGATION_VERSION } from "../period-aggregate";
import { periodRange, previousPeriodRange, type Granularity } from "../period-range";

export const SPECTRUM_WEEKLY_REQUESTED = "spectrum/weekly.requested";
export const SPECTRUM_MONTHLY_REQUESTED = "spectrum/monthly.requested";

export interface PeriodJobEvent {
  /** Any instant inside the period; default: the period before `scheduledAt`/now (the one that just ended). */
  periodAnchor?: string;
  projectId?: string;
  userId?: string;
  scheduledAt?: string;
  /** A deliberate recomputation of a period that already ran (e.g. after a lexicon fix): part of the key. */
  rerun?: string;
}

/** Analysis version of period outputs; part of every period job's idempotency key. */
export const PERIOD_OUTPUT_VERSION = `${LEXICON_ANALYSIS_VERSION}+${PERIOD_AGGREGATION_VERSION}+insight-v1`;

export function targetPeriod(data: PeriodJobEvent, granularity: Granularity) {
  if (data.periodAnchor) return periodRange(new Date(data.periodAnchor), granularity);
  return previousPeriodRange(new Date(data.scheduledAt ?? Date.now()), granularity);
}

export function periodJobKey(data: PeriodJobEvent, granularity: Granularity): string {
  const range = targetPeriod(data, granularity);
  const base = `${data.projectId ?? "all"}:${data.userId ?? "all"}:${range.key}:${PERIOD_OUTPUT_VERSION}`;
  return data.rerun ? `${base}:rerun-${data.rerun}` : base;
}

/** Users with analysed sessions in the period (one project, or all). */
export async function usersWithSessions(db: Db, start: Date, end: Date, projectId?: string, userId?: string) {
  return db
    .selectDistinct({ projectId: spectrumSessionAggregates.projectId, userId: spectrumSessionAggregates.userId })
    .from(spectrumSessionAggregates)
    .where(
      and(
        gte(spectrumSessionAggregates.startedAt, start),
        lt(spectrumSessionAggregates.startedAt, end),
        projectId ? eq(spectrumSessionAggregates.projectId, projectId) : undefined,
        userId ? eq(spectrumSessionAggregates.userId, userId) : undefined,
      ),
    )
    .orderBy(spectrumSessionAggregates.projectId, spectrumSessionAggregates.userId);
}
