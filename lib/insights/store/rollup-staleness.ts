/**
 * Late data for the root cause rollups: a rating that arrives after its trace's hour was rolled up would leave that
 * hour's thumbs-down figures stale. Writers of ratings call `markRollupHoursStale` with the rated traces; their hours
 * stop counting as rolled up (an analysis reads them from the raw rows, exact at once) until the rollups job
 * recomputes them (it fills every hour of the last 30 days not rolled up: ./segment-rollups.ts).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export async function markRollupHoursStale(db: Db, projectId: string, traceIds: string[]): Promise<void> {
  const ids = [...new Set(traceIds)];
  if (ids.length === 0) return;
  await db.execute(sql`
    delete from root_cause_rollup_hours h
    where h.project_id = ${projectId} and h.hour in (
      select date_bin('1 hour', tr.timestamp, timestamptz '2000-01-01 00:00:00+00') from traces tr
      where tr.project_id = ${projectId} and tr.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}))`);
}
