// Shared logic of the weekly and monthly jobs: which users to process for a period, and running one user.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumSessionAggregates } from "@/db/schema";
import { LEXICON_ANALYSIS_VERSION } from "../lexicon-analyzer";
import { PERIOD_AGGREGATION_VERSION } from "../period-aggregate";
import { periodRange, previousPeriodRange, type Granularity } from "../period-range";
import { generatePeriodInsights } from "./period-batch";

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

/** Users per step of the period jobs: large enough for set-based queries to pay off, small enough to retry cheaply. */
export const PERIOD_JOB_BATCH = 2000;

export interface UserCursor {
  projectId: string;
  userId: string;
}

/** The next `limit` users with sessions in the period after `after` (keyset order: project, user). */
export async function nextUsersWithSessions(
  db: Db,
  start: Date,
  end: Date,
  after: UserCursor | null,
  limit: number,
  projectId?: string,
  userId?: string,
): Promise<UserCursor[]> {
  const a = spectrumSessionAggregates;
  return db
    .selectDistinct({ projectId: a.projectId, userId: a.userId })
    .from(a)
    .where(
      and(
        gte(a.startedAt, start),
        lt(a.startedAt, end),
        projectId ? eq(a.projectId, projectId) : undefined,
        userId ? eq(a.userId, userId) : undefined,
        // A row comparison, so the index on (project_id, user_id, started_at) starts at the cursor instead of rescanning.
        after ? sql`(${a.projectId}, ${a.userId}) > (${after.projectId}::uuid, ${after.userId})` : undefined,
      ),
    )
    .orderBy(a.projectId, a.userId)
    .limit(limit);
}

export interface PeriodBatchSummary {
  users: number;
  stored: number;
  empty: number;
  rejectedAttempts: number;
  last: UserCursor | null;
}

/**
 * One step of a period job: the next batch of users, grouped by project, through `generatePeriodInsights`.
 * Outputs of the whole batch are written before a rejected text throws, so a retry only redoes this batch.
 */
export async function runPeriodBatch(
  db: Db,
  granularity: Granularity,
  data: PeriodJobEvent,
  after: UserCursor | null,
  limit = PERIOD_JOB_BATCH,
): Promise<PeriodBatchSummary> {
  const range = targetPeriod(data, granularity);
  const users = await nextUsersWithSessions(db, range.start, range.end, after, limit, data.projectId, data.userId);
  const byProject = new Map<string, string[]>();
  for (const u of users) byProject.set(u.projectId, [...(byProject.get(u.projectId) ?? []), u.userId]);
  const summary: PeriodBatchSummary = { users: users.length, stored: 0, empty: 0, rejectedAttempts: 0, last: users.at(-1) ?? null };
  const failures: Error[] = [];
  for (const [projectId, userIds] of byProject) {
    for (const o of await generatePeriodInsights(db, projectId, userIds, granularity, range.start)) {
      summary.rejectedAttempts += o.rejectedAttempts;
      if (o.status === "stored") summary.stored++;
      if (o.status === "empty") summary.empty++;
      if (o.error) failures.push(o.error);
    }
  }
  if (failures.length > 0) throw failures[0];
  return summary;
}

/** The job body shared by the weekly and monthly jobs: one step per batch of users, resumable by cursor. */
export async function runPeriodJob(
  db: Db,
  step: { run<T>(id: string, fn: () => Promise<T>): Promise<T> },
  granularity: Granularity,
  data: PeriodJobEvent,
) {
  const range = targetPeriod(data, granularity);
  const totals = { users: 0, stored: 0, empty: 0, rejectedAttempts: 0, batches: 0 };
  let after: UserCursor | null = null;
  for (;;) {
    const cursor: UserCursor | null = after;
    const batch: PeriodBatchSummary = await step.run(`users-${totals.batches}`, () => runPeriodBatch(db, granularity, data, cursor));
    if (batch.users === 0) break;
    totals.batches++;
    totals.users += batch.users;
    totals.stored += batch.stored;
    totals.empty += batch.empty;
    totals.rejectedAttempts += batch.rejectedAttempts;
    if (batch.users < PERIOD_JOB_BATCH) break;
    after = batch.last;
  }
  return { period: range.key, ...totals };
}
