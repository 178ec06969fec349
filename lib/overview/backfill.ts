// The Overview reads whole past days from daily rollups; days that have events but no rollups (data ingested late,
// with old timestamps) are read live until the hourly rollups job fills them in here. No page GET starts a job.
import type { Db } from "@/db/client";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import { dailyActivityWithSource } from "./summary";

/** The window the Overview shows. */
export const OVERVIEW_DAYS = 30;

/** Recomputes the daily rollups of the Overview's days that have events but none; returns that window, or null. */
export async function backfillOverviewRollups(db: Db, projectId: string, now = new Date()) {
  const { missingRollups } = await dailyActivityWithSource(db, projectId, OVERVIEW_DAYS, now);
  if (!missingRollups) return null;
  await recomputeRollups(db, projectId, "day", new Date(missingRollups.from), new Date(missingRollups.to));
  return missingRollups;
}
