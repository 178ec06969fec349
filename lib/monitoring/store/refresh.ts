import type { Db } from "@/db/client";
import { recomputeRollups } from "./recompute-rollups";
import { detectProjectAnomalies, detectProjectHourlyAnomalies, HOURLY_HISTORY_DAYS } from "./detection";
import { runDailyDrift } from "./drift-runs";
import { runDailyForecasts } from "./forecasts";
import { runWithoutRecord, type InlineRecorder } from "@/lib/jobs/inline-run";
import {
  MONITORING_DETECTION_REQUESTED,
  MONITORING_DRIFT_REQUESTED,
  MONITORING_FORECASTS_REQUESTED,
  MONITORING_ROLLUPS_REQUESTED,
} from "@/lib/jobs/catalog";

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
export async function backfillMonitoring(db: Db, projectId: string, from: Date, now = new Date(), record: InlineRecorder = runWithoutRecord) {
  const hourFrom = new Date(Math.max(from.getTime(), now.getTime() - HOURLY_HISTORY_DAYS * DAY));
  const { hour, day } = await record({ functionId: "monitoring-rollups", eventName: MONITORING_ROLLUPS_REQUESTED }, async () => ({
    hour: await recomputeRollups(db, projectId, "hour", hourFrom, now),
    day: await recomputeRollups(db, projectId, "day", from, now),
  }));
  const { detection, hourly } = await record({ functionId: "monitoring-detection", eventName: MONITORING_DETECTION_REQUESTED }, async () => ({
    detection: await detectProjectAnomalies(db, projectId, now),
    hourly: await detectProjectHourlyAnomalies(db, projectId, now),
  }));
  const drift = await record({ functionId: "monitoring-drift", eventName: MONITORING_DRIFT_REQUESTED }, () => runDailyDrift(db, projectId, now));
  const forecasts = await record({ functionId: "monitoring-forecasts", eventName: MONITORING_FORECASTS_REQUESTED }, () =>
    runDailyForecasts(db, projectId, now),
  );
  return { hour, day, detection, hourly, drift, forecasts };
}
