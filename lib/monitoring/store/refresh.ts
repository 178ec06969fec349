import type { Db } from "@/db/client";
import { recomputeRollups } from "./recompute-rollups";
import { detectProjectAnomalies, detectProjectHourlyAnomalies, HOURLY_HISTORY_DAYS } from "./detection";
import { runDailyDrift } from "./drift-runs";
import { runDailyForecasts } from "./forecasts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The hourly refresh window: late data (spans merged later, delayed batches) lands in recent buckets, so the
 * last two days of hourly and three days of daily buckets are recomputed on every run.
 */
export async function refreshRecentRollups(db: Db, projectId: string, now = new Date()) {
  const hour = await recomputeRollups(db, projectId, "hour", new Date(now.getTime() - 48 * HOUR), now);
  const day = await recomputeRollups(db, projectId, "day", new Date(now.getTime() - 3 * DAY), now);
  return { hour, day };
}

/**
 * Backfill (first start, demo seed, a custom-metric batch with old timestamps) then one detection pass (daily, and
 * hourly: the hourly rollups cover the hourly scan's history so it works from the first run), today's drift run and today's forecasts.
 */
export async function backfillMonitoring(db: Db, projectId: string, from: Date, now = new Date()) {
  const hourFrom = new Date(Math.max(from.getTime(), now.getTime() - HOURLY_HISTORY_DAYS * DAY));
  const hour = await recomputeRollups(db, projectId, "hour", hourFrom, now);
  const day = await recomputeRollups(db, projectId, "day", from, now);
  const detection = await detectProjectAnomalies(db, projectId, now);
  const hourly = await detectProjectHourlyAnomalies(db, projectId, now);
  const drift = await runDailyDrift(db, projectId, now);
  const forecasts = await runDailyForecasts(db, projectId, now);
  return { hour, day, detection, hourly, drift, forecasts };
}
