/**
 * Late data for the root cause rollups: a rating that arrives after its trace's hour was rolled up would leave that
 * hour's thumbs-down figures stale, and a trace, span or product event older than the job's recompute window
 * (ROLLUP_REFRESH_MS: the job recomputes the last 48 hours on every pass anyway) would never be rolled in. Writers of
 * ratings call `markRollupHoursStale` with the rated traces, writers of traces and events `markLateRowsStale`; their hours
 * (and the daily tier's days holding them, ./day-rollups.ts) stop counting as rolled up (an analysis reads them from
 * the raw rows, exact at once) until the rollups job recomputes them (it fills every hour of the last 30 days not
 * rolled up: ./segment-rollups.ts).
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dropDaysOfHours } from "./day-rollups";

const hourOf = (column: SQL) => sql`date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/** The rollups job recomputes this much recent history on every pass (late data within it is rolled in anyway). */
export const ROLLUP_REFRESH_MS = 48 * 3_600_000;

/** Marks the hours of the given traces stale (all of them, or with `olderThan` those whose trace is older). */
export async function markRollupHoursStale(db: Db, projectId: string, traceIds: string[], olderThan?: Date): Promise<void> {
  const ids = [...new Set(traceIds)];
  if (ids.length === 0) return;
  const hours = sql`select ${hourOf(sql`tr.timestamp`)} from traces tr where tr.project_id = ${projectId} and tr.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})${olderThan ? sql` and tr.timestamp < ${olderThan.toISOString()}::timestamptz` : sql``}`;
  await dropStale(db, projectId, hours);
}

/**
 * Traces (and their spans) or product events just written: the hours of those older than the job's recompute window
 * are marked stale (traces: the stored trace's time, so a late span of an old trace counts; events: their own).
 */
export async function markLateRowsStale(db: Db, projectId: string, rows: { traceIds?: string[]; eventTimes?: Date[] }, now = new Date()): Promise<void> {
  const olderThan = new Date(now.getTime() - ROLLUP_REFRESH_MS);
  if (rows.traceIds?.length) await markRollupHoursStale(db, projectId, rows.traceIds, olderThan);
  const hours = [...new Set((rows.eventTimes ?? []).filter((t) => t < olderThan).map((t) => Math.floor(t.getTime() / 3_600_000) * 3_600_000))];
  if (hours.length > 0) await dropStale(db, projectId, sql`select unnest(array[${sql.join(hours.map((h) => sql`${new Date(h).toISOString()}::timestamptz`), sql`, `)}])`);
}

/** Days first (a reader uses a day only inside covered hours, so either order is safe; this one leaves less to rebuild). */
async function dropStale(db: Db, projectId: string, hours: SQL): Promise<void> {
  for (const stmt of dropDaysOfHours(projectId, hours)) await db.execute(stmt);
  await db.execute(sql`delete from root_cause_rollup_hours h where h.project_id = ${projectId} and h.hour in (${hours})`);
}
