import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, jobRuns, observations, projects, scores, spectrumTurns, traces } from "@/db/schema";

/** Finished job-ledger rows are kept this long for the Jobs page history. */
export const JOB_HISTORY_DAYS = 30;

export interface RetentionResult {
  projectId: string;
  retentionDays: number;
  eventsDeleted: number;
  /** Traces deleted with their observations and scores. */
  tracesDeleted: number;
  /** Raw Spectrum turn text past retention (derived vectors and aggregates stay; they hold no text). */
  spectrumTurnsDeleted: number;
}

/**
 * Deletes each project's raw records older than its retention period. Re-running it is harmless: it only
 * deletes what is past the cut-off, so a crash halfway loses nothing and the retry finishes the job.
 */
export async function enforceRetention(db: Db, now = new Date()): Promise<RetentionResult[]> {
  const all = await db.select({ id: projects.id, retentionDays: projects.retentionDays }).from(projects);
  const results: RetentionResult[] = [];
  for (const p of all) {
    const cutoff = new Date(now.getTime() - p.retentionDays * 86_400_000);
    const deleted = await db
      .delete(events)
      .where(and(eq(events.projectId, p.id), lt(events.timestamp, cutoff)))
      .returning({ id: events.id });
    // A trace goes with all its observations and scores, so no trace is ever left half-deleted.
    const expiredTraces = db
      .select({ id: traces.id })
      .from(traces)
      .where(and(eq(traces.projectId, p.id), lt(traces.timestamp, cutoff)));
    await db.delete(observations).where(and(eq(observations.projectId, p.id), inArray(observations.traceId, expiredTraces)));
    await db.delete(scores).where(and(eq(scores.projectId, p.id), inArray(scores.traceId, expiredTraces)));
    const tracesDeleted = await db
      .delete(traces)
      .where(and(eq(traces.projectId, p.id), lt(traces.timestamp, cutoff)))
      .returning({ id: traces.id });
    const turnsDeleted = await db
      .delete(spectrumTurns)
      .where(and(eq(spectrumTurns.projectId, p.id), lt(spectrumTurns.timestamp, cutoff)))
      .returning({ id: spectrumTurns.id });
    results.push({ projectId: p.id, retentionDays: p.retentionDays, eventsDeleted: deleted.length, tracesDeleted: tracesDeleted.length, spectrumTurnsDeleted: turnsDeleted.length });
  }
  return results;
}

export async function pruneJobHistory(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - JOB_HISTORY_DAYS * 86_400_000);
  const deleted = await db
    .delete(jobRuns)
    .where(and(sql`${jobRuns.status} = 'succeeded'`, lt(jobRuns.finishedAt, cutoff)))
    .returning({ id: jobRuns.id });
  return deleted.length;
}
