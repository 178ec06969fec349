// Shared logic of the weekly and monthly jobs: which users to process for a period, the aggregation and insight steps.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pushSubscriptions, spectrumInsights, spectrumPeriodAggregates, spectrumSessionAggregates } from "@/db/schema";
import type { LlmProvider } from "@/lib/llm";
import { LEXICON_ANALYSIS_VERSION } from "../lexicon-analyzer";
import { PERIOD_AGGREGATION_VERSION } from "../period-aggregate";
import { periodRange, previousPeriodRange, type Granularity } from "../period-range";
import { invalidateOverview } from "./cache";
import { generateInsightsFor, loadInsightInputs } from "./period-batch";
import { aggregatePeriodsInDb } from "./period-sql";
import { periodLabel } from "./insights";
import { SPECTRUM_MONTHLY_REQUESTED, SPECTRUM_WEEKLY_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { sendWeeklyPushes, vapidConfig, type PushSummary } from "./push";

export { SPECTRUM_MONTHLY_REQUESTED, SPECTRUM_WEEKLY_REQUESTED };

/** Payload of the weekly and monthly job events (lib/jobs/catalog.ts). */
export type PeriodJobEvent = JobPayload<typeof SPECTRUM_WEEKLY_REQUESTED>;

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

export interface AggregateBatchSummary {
  users: number;
  stored: number;
  empty: number;
  /** The keyset bounds of the batch: users after `after`, up to and including `last`. */
  after: UserCursor | null;
  last: UserCursor | null;
  ms: number;
}

const byProjectOf = (users: UserCursor[]) => {
  const out = new Map<string, string[]>();
  for (const u of users) {
    const list = out.get(u.projectId);
    if (list) list.push(u.userId);
    else out.set(u.projectId, [u.userId]);
  }
  return out;
};

/**
 * A batch is processed as two halves at a time (separate connections on PostgreSQL; PGlite runs them one after the
 * other): one half's statement runs while the other's rows are in flight or, in the insight step, while Node words the
 * other half. Two, because the target machine (and a small database server) has two cores.
 */
function halves<T>(items: T[]): T[][] {
  if (items.length < 200) return [items];
  const mid = Math.ceil(items.length / 2);
  return [items.slice(0, mid), items.slice(mid)];
}

/** Aggregation step of a period job: the next batch of users after `after`, one SQL statement per project. */
export async function runAggregateBatch(
  db: Db,
  granularity: Granularity,
  data: PeriodJobEvent,
  after: UserCursor | null,
  limit = PERIOD_JOB_BATCH,
): Promise<AggregateBatchSummary> {
  const t0 = performance.now();
  const range = targetPeriod(data, granularity);
  const users = await nextUsersWithSessions(db, range.start, range.end, after, limit, data.projectId, data.userId);
  const summary = { users: users.length, stored: 0, empty: 0, after, last: users.at(-1) ?? null, ms: 0 };
  for (const [projectId, userIds] of byProjectOf(users)) {
    const results = await Promise.all(halves(userIds).map((part) => aggregatePeriodsInDb(db, projectId, part, granularity, range.start)));
    for (const { stored, empty } of results) {
      summary.stored += stored.length;
      summary.empty += empty.length;
    }
    for (const userId of userIds) await invalidateOverview(projectId, userId);
  }
  summary.ms = Math.round(performance.now() - t0);
  return summary;
}

export interface InsightBatchSummary {
  insights: number;
  rejectedAttempts: number;
  ms: number;
}

/**
 * Insight step of a period job: the stored aggregates of the users in (`after`, `last`] get their validated insight.
 * Every accepted text of the batch is written before a rejected one throws, so a retry only redoes this step.
 */
export async function runInsightBatch(
  db: Db,
  granularity: Granularity,
  data: PeriodJobEvent,
  after: UserCursor | null,
  last: UserCursor,
  options: { provider?: LlmProvider } = {},
): Promise<InsightBatchSummary> {
  const t0 = performance.now();
  const range = targetPeriod(data, granularity);
  const a = spectrumPeriodAggregates;
  const rows = await loadInsightInputs(
    db,
    granularity,
    range.key,
    and(
      after ? sql`(${a.projectId}, ${a.userId}) > (${after.projectId}::uuid, ${after.userId})` : undefined,
      sql`(${a.projectId}, ${a.userId}) <= (${last.projectId}::uuid, ${last.userId})`,
      data.projectId ? eq(a.projectId, data.projectId) : undefined,
      data.userId ? eq(a.userId, data.userId) : undefined,
    ),
  );
  const byProject = new Map<string, typeof rows>();
  for (const r of rows) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r]);
  const summary: InsightBatchSummary = { insights: 0, rejectedAttempts: 0, ms: 0 };
  const failures: Error[] = [];
  for (const [projectId, projectRows] of byProject) {
    const outcomes = await Promise.all(halves(projectRows).map((part) => generateInsightsFor(db, projectId, granularity, part, options)));
    for (const o of outcomes.flat()) {
      summary.rejectedAttempts += o.rejectedAttempts;
      if (o.status === "stored") summary.insights++;
      if (o.error) failures.push(o.error);
    }
  }
  if (failures.length > 0) throw failures[0];
  summary.ms = Math.round(performance.now() - t0);
  return summary;
}

/**
 * Push step of the weekly job: the weekly-summary push for the users in (`after`, `last`] who have a stored weekly
 * insight for the period and a push subscription (at most one per user and week, see push.ts).
 */
export async function runPushBatch(db: Db, data: PeriodJobEvent, after: UserCursor | null, last: UserCursor): Promise<PushSummary> {
  const range = targetPeriod(data, "week");
  const i = spectrumInsights;
  const rows = await db
    .select({ projectId: i.projectId, userId: i.userId })
    .from(i)
    .where(
      and(
        eq(i.kind, "weekly"),
        eq(i.periodKey, range.key),
        after ? sql`(${i.projectId}, ${i.userId}) > (${after.projectId}::uuid, ${after.userId})` : undefined,
        sql`(${i.projectId}, ${i.userId}) <= (${last.projectId}::uuid, ${last.userId})`,
        data.projectId ? eq(i.projectId, data.projectId) : undefined,
        data.userId ? eq(i.userId, data.userId) : undefined,
        sql`exists (select 1 from ${pushSubscriptions} s where s.project_id = ${i.projectId} and s.user_id = ${i.userId})`,
      ),
    );
  const total: PushSummary = { users: 0, delivered: 0, expired: 0, failed: 0 };
  for (const [projectId, userIds] of byProjectOf(rows)) {
    const sent = await sendWeeklyPushes(db, projectId, userIds, range.key, periodLabel("week", range.start));
    total.users += sent.users;
    total.delivered += sent.delivered;
    total.expired += sent.expired;
    total.failed += sent.failed;
  }
  return total;
}

/** Waits for every promise (so no step is left running behind a failure), then throws the first failure. */
async function allSettledOrThrow<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * The job body shared by the weekly and monthly jobs, resumable by step. Per batch of users: `aggregate-N` (set-based
 * SQL), then `insights-N` from the stored aggregates (and, weekly, `push-N`). The insight steps of batch N run while
 * batch N+1 aggregates (the database works on one while Node words the other). A retry (e.g. after a rejected text)
 * replays finished steps from the ledger and redoes only the failed one.
 */
export async function runPeriodJob(
  db: Db,
  step: { run<T>(id: string, fn: () => Promise<T>): Promise<T> },
  granularity: Granularity,
  data: PeriodJobEvent,
) {
  const range = targetPeriod(data, granularity);
  const totals = { users: 0, stored: 0, empty: 0, insights: 0, rejectedAttempts: 0, batches: 0, aggregateMs: 0, insightMs: 0, pushes: 0 };
  const aggregate = (i: number, after: UserCursor | null) => step.run(`aggregate-${i}`, () => runAggregateBatch(db, granularity, data, after));
  const wordAndPush = async (i: number, after: UserCursor | null, last: UserCursor) => {
    const insights: InsightBatchSummary = await step.run(`insights-${i}`, () => runInsightBatch(db, granularity, data, after, last));
    // The weekly summary push, once the batch's insights are stored (skipped entirely when push is not configured).
    const pushed = granularity === "week" && vapidConfig() ? await step.run(`push-${i}`, () => runPushBatch(db, data, after, last)) : null;
    return { insights, pushed };
  };
  let batch: AggregateBatchSummary | null = await aggregate(0, null);
  for (let i = 0; batch && batch.users > 0 && batch.last; i++) {
    const current: AggregateBatchSummary = batch;
    totals.batches++;
    totals.users += current.users;
    totals.stored += current.stored;
    totals.empty += current.empty;
    totals.aggregateMs += current.ms;
    const more = current.users >= PERIOD_JOB_BATCH;
    const [next, done] = await allSettledOrThrow<[AggregateBatchSummary | null, Awaited<ReturnType<typeof wordAndPush>>]>([
      more ? aggregate(i + 1, current.last) : Promise.resolve(null),
      wordAndPush(i, current.after, current.last!),
    ]);
    totals.insights += done.insights.insights;
    totals.rejectedAttempts += done.insights.rejectedAttempts;
    totals.insightMs += done.insights.ms;
    totals.pushes += done.pushed?.delivered ?? 0;
    batch = next;
  }
  return { period: range.key, ...totals };
}
