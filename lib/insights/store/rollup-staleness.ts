/**
 * Late data for the root cause rollups: a rating that arrives after its trace's hour was rolled up would leave that
 * hour's thumbs-down figures stale. Writers of ratings call `markRollupHoursStale` with the rated traces; their hours
 * (and the daily tier's days holding them, ./day-rollups.ts) stop counting as rolled up (an analysis reads them from
 * the raw rows, exact at once) until the rollups job recomputes them (it fills every hour of the last 30 days not
 * rolled up: ./segment-rollups.ts).
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dropDaysOfHours } from "./day-rollups";

const hourOf = (column: SQL) => sql`date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`;

export async function markRollupHoursStale(db: Db, projectId: string, traceIds: string[]): Promise<void> {
  const ids = [...new Set(traceIds)];
  if (ids.length === 0) return;
  const hours = sql`select ${hourOf(sql`tr.timestamp`)} from traces tr where tr.project_id = ${projectId} and tr.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`;
  await dropStale(db, projectId, hours);
}

/** Marks the hours holding the given instants stale (late traces or events: their hour's rollups miss them). */
export async function markRollupInstantsStale(db: Db, projectId: string, instants: Date[]): Promise<void> {
  const hours = [...new Set(instants.map((t) => Math.floor(t.getTime() / 3_600_000) * 3_600_000))];
  if (hours.length === 0) return;
  await dropStale(db, projectId, sql`select unnest(array[${sql.join(hours.map((h) => sql`${new Date(h).toISOString()}::timestamptz`), sql`, `)}])`);
}

/** Days first (a reader uses a day only inside covered hours, so either order is safe; this one leaves less to rebuild). */
async function dropStale(db: Db, projectId: string, hours: SQL): Promise<void> {
  for (const stmt of dropDaysOfHours(projectId, hours)) await db.execute(stmt);
  await db.execute(sql`delete from root_cause_rollup_hours h where h.project_id = ${projectId} and h.hour in (${hours})`);
}
