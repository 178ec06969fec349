/**
 * The detection pass of the monitoring job: every daily rollup series of a project goes through exactly
 * `detectAnomalies` (the detector behind POST /api/v1/monitoring/detect) with that metric's tuned sensitivity,
 * and the anomalies are stored idempotently (unique per project, metric, dimension, timestamp and kind).
 */
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricRollups, monitoringAnomalies, monitoringMetricSettings } from "@/db/schema";
import { detectAnomalies } from "../anomaly/detect";
import { metricInfo, MIN_RATE_COUNT } from "../rollups/catalog";

const DAY = 86_400_000;
/** History scanned per run; detection needs a few weekly cycles to learn seasonality. */
export const DETECTION_HISTORY_DAYS = 90;
const MIN_POINTS = 14;

export async function metricMultipliers(db: Db, projectId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ metric: monitoringMetricSettings.metric, multiplier: monitoringMetricSettings.multiplier })
    .from(monitoringMetricSettings)
    .where(eq(monitoringMetricSettings.projectId, projectId));
  return new Map(rows.map((r) => [r.metric, r.multiplier]));
}

export interface DetectionSummary {
  series: number;
  skipped: number;
  anomalies: number;
  durationMs: number;
}

/** Runs detection on the project's complete days before `now` (today's partial bucket would look like a drop). */
export async function detectProjectAnomalies(db: Db, projectId: string, now = new Date()): Promise<DetectionSummary> {
  const started = Date.now();
  const end = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const start = new Date(end.getTime() - DETECTION_HISTORY_DAYS * DAY);
  const rows = await db
    .select({
      metric: metricRollups.metric,
      dimension: metricRollups.dimension,
      dimensionValue: metricRollups.dimensionValue,
      bucketStart: metricRollups.bucketStart,
      value: metricRollups.value,
      count: metricRollups.count,
    })
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.projectId, projectId),
        eq(metricRollups.granularity, "day"),
        gte(metricRollups.bucketStart, start),
        lt(metricRollups.bucketStart, end),
      ),
    )
    .orderBy(metricRollups.bucketStart);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.metric}\u0000${r.dimension}\u0000${r.dimensionValue}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const multipliers = await metricMultipliers(db, projectId);
  let series = 0, skipped = 0, found = 0;
  for (const list of groups.values()) {
    const { metric, dimension, dimensionValue } = list[0];
    const info = metricInfo(metric);
    // Rates over too few observations are noise, not signal: treat them as missing points.
    const points = list.map((r) => ({
      timestamp: r.bucketStart.toISOString(),
      value: info.rate && r.count < MIN_RATE_COUNT ? null : r.value,
    }));
    if (points.filter((p) => p.value !== null).length < MIN_POINTS) {
      skipped++;
      continue;
    }
    series++;
    const multiplier = Math.min(10, Math.max(0.25, multipliers.get(metric) ?? 1));
    const { anomalies } = detectAnomalies({ series: points, sensitivity: multiplier });
    if (anomalies.length === 0) continue;
    found += anomalies.length;
    await db
      .insert(monitoringAnomalies)
      .values(
        anomalies.map((a) => ({
          projectId,
          metric,
          granularity: "day" as const,
          dimension,
          dimensionValue,
          timestamp: new Date(a.timestamp),
          value: a.value,
          expected: a.expected,
          lower: a.lower,
          upper: a.upper,
          score: a.score,
          direction: a.direction,
          kind: a.kind,
          severity: a.severity,
        })),
      )
      .onConflictDoUpdate({
        target: [
          monitoringAnomalies.projectId,
          monitoringAnomalies.metric,
          monitoringAnomalies.dimension,
          monitoringAnomalies.dimensionValue,
          monitoringAnomalies.timestamp,
          monitoringAnomalies.kind,
        ],
        // The review (status) survives re-detection; the numbers follow the latest model.
        set: {
          value: sql`excluded.value`,
          expected: sql`excluded.expected`,
          lower: sql`excluded.lower`,
          upper: sql`excluded.upper`,
          score: sql`excluded.score`,
          direction: sql`excluded.direction`,
          severity: sql`excluded.severity`,
        },
      });
  }
  return { series, skipped, anomalies: found, durationMs: Date.now() - started };
}
