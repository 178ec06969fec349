// Retention enforcement: deletes each project's raw records past its retention period, and old job-ledger rows.
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { affectedRows, type Db } from "@/db/client";
import { jobRuns, observations, projects, sampledObservations, sampledTraces, scores, traces } from "@/db/schema";
import { exportedDays } from "@/lib/warehouse/store/manifest";

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
  /** Warm tier on: expired events went only with whole days already exported to the warm tier. */
  warmTier: boolean;
  /** Rows deleted per raw table (see RAW_TABLES). */
  deleted: Record<(typeof RAW_TABLES)[number]["table"], number>;
  /** Traces deleted with their observations and scores. */
  tracesDeleted: number;
  /** Summary rows of sampled-out traces deleted with their observations. */
  sampledTracesDeleted: number;
}

/** Deletes a project's rows older than `cutoff` (and not older than `from`) from one table, DELETE_BATCH at a time. */
async function deleteOlder(db: Db, table: string, timeColumn: string, projectId: string, cutoff: Date, batchSize: number, from?: Date): Promise<number> {
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

/**
 * Warm tier on: expired events move down rather than vanish. Only whole UTC days that ended before the cut-off and
 * have a warm file are deleted from the hot table; a day not exported yet stays hot until the export has written it.
 */
async function deleteExportedEventDays(db: Db, projectId: string, cutoff: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (const day of [...(await exportedDays(db, projectId, "events"))].sort()) {
    const start = new Date(`${day}T00:00:00.000Z`);
    const end = new Date(start.getTime() + DAY_MS);
    if (end > cutoff) continue;
    total += await deleteOlder(db, "events", "timestamp", projectId, end, batchSize, start);
  }
  return total;
}

const KEPT = { traces, observations, scores } as const;
/** Sampled-out traces' summaries (no scores are kept for them); the same columns under the same names. */
const SAMPLED_OUT = { traces: sampledTraces as unknown as typeof traces, observations: sampledObservations as unknown as typeof observations, scores: null } as const;

/** Expired traces, each with all its observations and scores in one transaction (never half a trace). */
async function deleteOldTraces(db: Db, projectId: string, cutoff: Date, batchSize: number, tables: { traces: typeof traces; observations: typeof observations; scores: typeof scores | null } = KEPT): Promise<number> {
  const { traces: tr, observations: ob, scores: sc } = tables;
  let total = 0;
  for (;;) {
    const batch = await db
      .select({ id: tr.id })
      .from(tr)
      .where(and(eq(tr.projectId, projectId), lt(tr.timestamp, cutoff)))
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
  for (const p of all) {
    const cutoff = new Date(now.getTime() - p.retentionDays * 86_400_000);
    const deleted = {} as RetentionResult["deleted"];
    for (const { table, time } of RAW_TABLES) {
      deleted[table] =
        table === "events" && p.warmTier ? await deleteExportedEventDays(db, p.id, cutoff, batchSize) : await deleteOlder(db, table, time, p.id, cutoff, batchSize);
    }
    const tracesDeleted = await deleteOldTraces(db, p.id, cutoff, batchSize);
    const sampledTracesDeleted = await deleteOldTraces(db, p.id, cutoff, batchSize, SAMPLED_OUT);
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
