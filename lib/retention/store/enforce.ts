// Retention enforcement: deletes each project's raw records past its retention period, and old job-ledger rows.
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { affectedRows, type Db } from "@/db/client";
import { jobRuns, observations, projects, sampledObservations, sampledTraces, scores, traces } from "@/db/schema";
import { exportedDays } from "@/lib/warehouse/store/manifest";
import { dropExpiredEventPartitions, leafTablesOf } from "./event-partitions";

/** Finished job-ledger rows are kept this long for the Jobs page history. */
export const JOB_HISTORY_DAYS = 30;

/** Rows per delete statement: short transactions, so ingestion never waits long behind a day's worth of deletes. */
export const DELETE_BATCH = 10_000;

/**
 * Raw records that follow the project's retention period, by their time column. Derived data (rollups, aggregates,
 * experiment results, Spectrum vectors and summaries) holds no raw payloads and stays.
 */
const RAW_TABLES = [
  { table: "events", time: "timestamp" },
  { table: "spectrum_turns", time: "timestamp" },
  { table: "spectrum_engagement_events", time: "occurred_at" },
  { table: "metric_points", time: "timestamp" },
  { table: "api_calls_log", time: "created_at" },
  // Recommendation feedback: models then learn from the retention window (trained model versions are derived, kept).
  { table: "personalization_interactions", time: "occurred_at" },
] as const;

export interface RetentionResult {
  projectId: string;
  retentionDays: number;
  /** Tiers on: expired events, traces, turns and Prism's call log went only with whole days already written down. */
  warmTier: boolean;
  /** Rows deleted per raw table (see RAW_TABLES). */
  deleted: Record<(typeof RAW_TABLES)[number]["table"], number>;
  /** Traces deleted with their observations and scores. */
  tracesDeleted: number;
  /** Summary rows of sampled-out traces deleted with their observations. */
  sampledTracesDeleted: number;
}

/**
 * Deletes a project's rows older than `cutoff` (and not older than `from`) from one table, DELETE_BATCH at a time.
 * Exported for the retention bench, which trims an unpartitioned copy of `events` this way.
 */
export async function deleteOlder(db: Db, table: string, timeColumn: string, projectId: string, cutoff: Date, batchSize: number, from?: Date): Promise<number> {
  let total = 0;
  // A ctid names a row within one leaf table only: a partitioned table (events) is trimmed leaf by leaf.
  for (const leaf of await leafTablesOf(db, table)) total += await deleteOlderIn(db, leaf, timeColumn, projectId, cutoff, batchSize, from);
  return total;
}

async function deleteOlderIn(db: Db, table: string, timeColumn: string, projectId: string, cutoff: Date, batchSize: number, from?: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = affectedRows(
      await db.execute(sql`
        delete from ${sql.identifier(table)} where ctid = any(array(
          select ctid from ${sql.identifier(table)}
          where project_id = ${projectId} and ${sql.identifier(timeColumn)} < ${cutoff.toISOString()}::timestamptz
            ${from ? sql`and ${sql.identifier(timeColumn)} >= ${from.toISOString()}::timestamptz` : sql``}
          limit ${batchSize}))`),
    );
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

const DAY_MS = 86_400_000;
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** Days (YYYY-MM-DD) that have a file in every one of the given (table, tier) pairs of the storage manifest. */
async function daysWrittenToAll(db: Db, projectId: string, needs: [string, "warm" | "cold"][]): Promise<string[]> {
  const sets = await Promise.all(needs.map(([table, tier]) => exportedDays(db, projectId, table, tier)));
  if (!sets.length) return [];
  return [...sets[0]].filter((d) => sets.every((s) => s.has(d))).sort();
}

/**
 * Storage tiers on: expired rows move down rather than vanish. Only whole UTC days that ended before the cut-off and
 * were written to the tiers named are deleted from the hot table; a day not written yet stays hot until it is.
 */
async function deleteWrittenDays(db: Db, table: string, time: string, projectId: string, cutoff: Date, batchSize: number, needs: [string, "warm" | "cold"][]): Promise<number> {
  let total = 0;
  for (const day of await daysWrittenToAll(db, projectId, needs)) {
    const start = dayStart(day);
    const end = new Date(start.getTime() + DAY_MS);
    if (end > cutoff) continue;
    total += await deleteOlder(db, table, time, projectId, end, batchSize, start);
  }
  return total;
}

/** What a raw table needs written before retention may delete a day of it, when the project's tiers are on. */
const WRITTEN_BEFORE_DELETE: Partial<Record<(typeof RAW_TABLES)[number]["table"], [string, "warm" | "cold"][]>> = {
  events: [["events", "warm"]],
  spectrum_turns: [["spectrum_turns_raw", "cold"]],
  api_calls_log: [["api_calls_log", "warm"]],
};
/** Kept traces need their summaries (warm) and their raw rows (cold); sampled-out ones only summaries exist for. */
const TRACE_DAYS_NEEDED: [string, "warm" | "cold"][] = [["traces", "warm"], ["observations", "warm"], ["traces_raw", "cold"], ["observations_raw", "cold"]];
const SAMPLED_TRACE_DAYS_NEEDED: [string, "warm" | "cold"][] = [["traces", "warm"], ["observations", "warm"]];

const KEPT = { traces, observations, scores } as const;
/** Sampled-out traces' summaries (no scores are kept for them); the same columns under the same names. */
const SAMPLED_OUT = { traces: sampledTraces as unknown as typeof traces, observations: sampledObservations as unknown as typeof observations, scores: null } as const;
type TraceTables = { traces: typeof traces; observations: typeof observations; scores: typeof scores | null };

/** Expired traces, each with all its observations and scores in one transaction (never half a trace). */
async function deleteOldTraces(db: Db, projectId: string, cutoff: Date, batchSize: number, tables: TraceTables = KEPT, only?: { from: Date; written: string[] }): Promise<number> {
  const { traces: tr, observations: ob, scores: sc } = tables;
  // Tiers on: a trace goes only when every observation of it lies on a day already written (one crossing midnight
  // into a day not written yet waits for that day).
  const onWrittenDays = only
    ? sql`not exists (select 1 from ${ob} o where o.project_id = ${tr.projectId} and o.trace_id = ${tr.id}
        and to_char(o.start_time at time zone 'UTC', 'YYYY-MM-DD') not in (${sql.join(only.written.map((d) => sql`${d}`), sql`, `)}))`
    : undefined;
  let total = 0;
  for (;;) {
    const batch = await db
      .select({ id: tr.id })
      .from(tr)
      .where(and(eq(tr.projectId, projectId), lt(tr.timestamp, cutoff), only ? gte(tr.timestamp, only.from) : undefined, onWrittenDays))
      .limit(Math.max(1, Math.floor(batchSize / 10)));
    if (!batch.length) return total;
    const ids = batch.map((t) => t.id);
    await db.transaction(async (tx) => {
      await tx.delete(ob).where(and(eq(ob.projectId, projectId), inArray(ob.traceId, ids)));
      if (sc) await tx.delete(sc).where(and(eq(sc.projectId, projectId), inArray(sc.traceId, ids)));
      await tx.delete(tr).where(and(eq(tr.projectId, projectId), inArray(tr.id, ids)));
    });
    total += ids.length;
  }
}

/** Tiers on: the traces of each written day that ended before the cut-off. */
async function deleteWrittenTraceDays(db: Db, projectId: string, cutoff: Date, batchSize: number, tables: TraceTables, needs: [string, "warm" | "cold"][]): Promise<number> {
  const written = await daysWrittenToAll(db, projectId, needs);
  let total = 0;
  for (const day of written) {
    const start = dayStart(day);
    const end = new Date(start.getTime() + DAY_MS);
    if (end > cutoff) continue;
    total += await deleteOldTraces(db, projectId, end, batchSize, tables, { from: start, written });
  }
  return total;
}

/**
 * Deletes each project's raw records older than its retention period. Re-running it is harmless: it only
 * deletes what is past the cut-off, so a crash halfway loses nothing and the retry finishes the job.
 */
export async function enforceRetention(db: Db, now = new Date(), batchSize = DELETE_BATCH, projectId?: string): Promise<RetentionResult[]> {
  const all = await db
    .select({ id: projects.id, retentionDays: projects.retentionDays, warmTier: projects.warmTier })
    .from(projects)
    .where(projectId ? eq(projects.id, projectId) : undefined);
  const results: RetentionResult[] = [];
  // Whole weeks of events expired for every project in them go first; the rows left past a cut-off (the boundary
  // week, weeks shared with a project that keeps longer) are deleted below.
  const droppedEvents = await dropExpiredEventPartitions(db, now);
  for (const p of all) {
    const cutoff = new Date(now.getTime() - p.retentionDays * 86_400_000);
    const deleted = {} as RetentionResult["deleted"];
    for (const { table, time } of RAW_TABLES) {
      const needs = WRITTEN_BEFORE_DELETE[table];
      deleted[table] = p.warmTier && needs ? await deleteWrittenDays(db, table, time, p.id, cutoff, batchSize, needs) : await deleteOlder(db, table, time, p.id, cutoff, batchSize);
    }
    deleted.events += droppedEvents.get(p.id) ?? 0;
    const tracesDeleted = p.warmTier ? await deleteWrittenTraceDays(db, p.id, cutoff, batchSize, KEPT, TRACE_DAYS_NEEDED) : await deleteOldTraces(db, p.id, cutoff, batchSize);
    const sampledTracesDeleted = p.warmTier
      ? await deleteWrittenTraceDays(db, p.id, cutoff, batchSize, SAMPLED_OUT, SAMPLED_TRACE_DAYS_NEEDED)
      : await deleteOldTraces(db, p.id, cutoff, batchSize, SAMPLED_OUT);
    results.push({ projectId: p.id, retentionDays: p.retentionDays, warmTier: p.warmTier, deleted, tracesDeleted, sampledTracesDeleted });
  }
  return results;
}

export async function pruneJobHistory(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - JOB_HISTORY_DAYS * 86_400_000);
  return affectedRows(
    await db.execute(sql`delete from ${jobRuns} where ${jobRuns.status} = 'succeeded' and ${jobRuns.finishedAt} < ${cutoff.toISOString()}::timestamptz`),
  );
}
