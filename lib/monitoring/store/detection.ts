/**
 * The detection passes of the monitoring job: every daily rollup series (whole 90 days) and every hourly series
 * (the last 24 hours, `since`) of a project goes through exactly `detectAnomalies` (the detector behind
 * POST /api/v1/monitoring/detect) with that metric's tuned sensitivity, and its incidents (runs of consecutive
 * anomalous buckets) are stored idempotently by `storeIncidents`, one row per incident keyed by its start.
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricRollups, monitoringAnomalies, monitoringMetricSettings } from "@/db/schema";
import { median } from "simple-statistics";
import { detectAnomalies } from "../anomaly/detect";
import { finiteAnomaly } from "../anomaly/finite";
import type { Incident } from "../anomaly/incidents";
import { MAX_METRIC_MAGNITUDE } from "@/lib/ingest/fields";
import { clampBand, metricInfo, type SamplingNoise } from "../rollups/catalog";
import { requestAnomalyRootCauses } from "@/lib/insights/jobs";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** History scanned per run by the daily pass. */
export const DETECTION_HISTORY_DAYS = 90;
/** Hourly scan: history loaded (the novelty tests compare with it), hours reported per run. */
export const HOURLY_HISTORY_DAYS = 28;
export const HOURLY_SCORED_HOURS = 24;
const HOURLY_MIN_HISTORY_DAYS = 3;
const MIN_POINTS = 14;

/** The columns that identify a stored anomaly (its unique index): upserts target these. */
export const ANOMALY_IDENTITY = [
  monitoringAnomalies.projectId,
  monitoringAnomalies.metric,
  monitoringAnomalies.granularity,
  monitoringAnomalies.dimension,
  monitoringAnomalies.dimensionValue,
  monitoringAnomalies.timestamp,
  monitoringAnomalies.kind,
];

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

/**
 * How precisely a typical bucket of this series is known from its count (see SamplingNoise): a series that happens
 * to sit still for days, or one built from a handful of calls, must not make every small move "critical".
 */
export function samplingNoise(noise: SamplingNoise | undefined, rows: { value: number; count: number }[]): number | undefined {
  if (!noise || rows.length === 0) return undefined;
  const level = median(rows.map((r) => r.value));
  const n = Math.max(1, median(rows.map((r) => r.count)));
  let floor: number;
  if (noise === "binomial") {
    const p = Math.min(1, Math.max(0, level));
    floor = Math.sqrt(Math.max(p * (1 - p), (1 / n) * (1 - 1 / n)) / n);
  } else if (noise === "poisson") floor = Math.sqrt(Math.max(level, 1));
  else floor = Math.abs(level) / Math.sqrt(n);
  return floor > 0 && Number.isFinite(floor) ? floor : undefined;
}

interface ScanOptions {
  granularity: "hour" | "day";
  start: Date;
  end: Date;
  /** Score (and store) only points from here on; the history before it is context. */
  since?: Date;
  /** Series whose history before `since` is shorter than this are skipped. */
  minHistoryMs?: number;
}

/** One granularity: load the rollups, run the shared detector per series, upsert what it finds. */
async function scan(db: Db, projectId: string, o: ScanOptions, multipliers: Map<string, number>) {
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
        eq(metricRollups.granularity, o.granularity),
        gte(metricRollups.bucketStart, o.start),
        lt(metricRollups.bucketStart, o.end),
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
  let series = 0, skipped = 0, found = 0;
  for (const list of groups.values()) {
    const { metric, dimension, dimensionValue } = list[0];
    const info = metricInfo(metric);
    // Rates and percentiles over too few observations are noise, not signal: treat them as missing points.
    const minCount = info.minCount ?? 0;
    // A series that begins inside the loaded range began mid-bucket, most likely (the first day of a project's
    // data): that partial bucket would look like a drop, so it is never scored. The last bucket is complete by
    // construction (`end` is the start of the current, partial, bucket).
    const partialFirst = list[0].bucketStart.getTime() > o.start.getTime();
    const points = list.map((r, k) => ({
      timestamp: r.bucketStart.getTime(), // epoch ms: the cheapest timestamp to validate
      // Values beyond what ingest now accepts (stored before it was bounded) are treated as missing, not fatal.
      value: (k === 0 && partialFirst) || r.count < minCount || !(Math.abs(r.value) <= MAX_METRIC_MAGNITUDE) ? null : r.value,
    }));
    const observed = points.filter((p) => p.value !== null).length;
    const history = o.since ? o.since.getTime() - list[0].bucketStart.getTime() : Number.POSITIVE_INFINITY;
    if (observed < MIN_POINTS || history < (o.minHistoryMs ?? 0) || (o.since && list[list.length - 1].bucketStart < o.since)) {
      skipped++;
      continue;
    }
    series++;
    const multiplier = Math.min(10, Math.max(0.25, multipliers.get(metric) ?? 1));
    const { incidents } = detectAnomalies({
      series: points,
      sensitivity: multiplier,
      options: {
        ...(o.since ? { since: o.since.getTime() } : {}),
        noiseFloor: samplingNoise(info.noise, list.filter((r) => r.count >= minCount)),
      },
    });
    found += await storeIncidents(db, { projectId, metric, granularity: o.granularity, dimension, dimensionValue }, incidents);
  }
  return { series, skipped, anomalies: found };
}

interface SeriesKey {
  projectId: string;
  metric: string;
  granularity: "hour" | "day";
  dimension: string;
  dimensionValue: string;
}

const DETECTOR_KINDS = ["spike", "drop", "level_shift", "trend"] as const;

/**
 * THE place detected anomalies enter the database: one row per incident, keyed by its start. A rerun (or the next
 * hourly run, while the incident is still going on) updates the same row: its end, peak and numbers follow the
 * latest data, its review and `detectedAt` stay, so alert rules (which report rows detected since their last
 * notification) fire once per incident. An incident whose kind changed as it grew (a spike that persisted into a
 * level shift) is renamed in place rather than stored twice. Returns the incidents stored.
 */
export async function storeIncidents(db: Db, key: SeriesKey, detected: Incident<string | number>[]): Promise<number> {
  const incidents = detected.map(finiteAnomaly).filter((a) => a !== null);
  const series = [
    eq(monitoringAnomalies.projectId, key.projectId),
    eq(monitoringAnomalies.metric, key.metric),
    eq(monitoringAnomalies.granularity, key.granularity),
    eq(monitoringAnomalies.dimension, key.dimension),
    eq(monitoringAnomalies.dimensionValue, key.dimensionValue),
  ];
  const inserted: string[] = [];
  for (const i of incidents) {
    const start = new Date(i.start);
    await db
      .update(monitoringAnomalies)
      .set({ kind: i.kind })
      .where(and(...series, eq(monitoringAnomalies.timestamp, start), inArray(monitoringAnomalies.kind, DETECTOR_KINDS.filter((k) => k !== i.kind))));
    await db
      .insert(monitoringAnomalies)
      .values({
        ...clampBand(key.metric, { expected: i.expected, lower: i.lower, upper: i.upper }),
        ...key,
        timestamp: start,
        endedAt: new Date(i.end),
        peakAt: new Date(i.peak),
        points: i.points,
        value: i.value,
        score: i.surprise,
        direction: i.direction,
        kind: i.kind,
        severity: i.severity,
      })
      .onConflictDoUpdate({
        target: ANOMALY_IDENTITY,
        // The review (status) survives re-detection; the numbers follow the latest data.
        set: {
          endedAt: sql`excluded.ended_at`,
          peakAt: sql`excluded.peak_at`,
          points: sql`excluded.points`,
          value: sql`excluded.value`,
          expected: sql`excluded.expected`,
          lower: sql`excluded.lower`,
          upper: sql`excluded.upper`,
          score: sql`excluded.score`,
          direction: sql`excluded.direction`,
          severity: sql`excluded.severity`,
        },
      })
      // xmax = 0 only on rows this statement inserted: re-detected anomalies keep the root cause they have.
      .returning({ id: monitoringAnomalies.id, inserted: sql<boolean>`(xmax = 0)` })
      .then((rows) => inserted.push(...rows.filter((r) => r.inserted).map((r) => r.id)));
  }
  // New incidents get their root cause analysed by a job (lib/insights); re-detected ones keep theirs.
  if (inserted.length > 0) await requestAnomalyRootCauses(db, key.projectId, inserted);
  return incidents.length;
}

/** Runs detection on the project's complete days before `now` (today's partial bucket would look like a drop). */
export async function detectProjectAnomalies(db: Db, projectId: string, now = new Date()): Promise<DetectionSummary> {
  const started = Date.now();
  const end = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const start = new Date(end.getTime() - DETECTION_HISTORY_DAYS * DAY);
  const multipliers = await metricMultipliers(db, projectId);
  const daily = await scan(db, projectId, { granularity: "day", start, end }, multipliers);
  return { series: daily.series, skipped: daily.skipped, anomalies: daily.anomalies, durationMs: Date.now() - started };
}

export interface HourlyDetectionSummary extends DetectionSummary {
  since: string;
}

/**
 * Hourly detection: every hourly series of the last HOURLY_HISTORY_DAYS, scoring only the last
 * HOURLY_SCORED_HOURS complete hours (`since`) against the history. Re-runs within the day score overlapping
 * hours again; the upsert keeps one row per incident, so a rerun adds nothing, and an incident still running
 * when the window moves on keeps its row (it is reported from its true start). Series with less than three days
 * of hourly history are left to the daily scan (too little history to call anything improbable).
 */
export async function detectProjectHourlyAnomalies(db: Db, projectId: string, now = new Date()): Promise<HourlyDetectionSummary> {
  const started = Date.now();
  const end = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const since = new Date(end.getTime() - HOURLY_SCORED_HOURS * HOUR);
  const start = new Date(end.getTime() - HOURLY_HISTORY_DAYS * DAY);
  const multipliers = await metricMultipliers(db, projectId);
  const result = await scan(db, projectId, { granularity: "hour", start, end, since, minHistoryMs: HOURLY_MIN_HISTORY_DAYS * DAY }, multipliers);
  return { ...result, since: since.toISOString(), durationMs: Date.now() - started };
}
