/**
 * The daily drift run (monitoring-drift job): `driftReport` for the 7 days before the run's day against the 7
 * days before those, stored once per project and day (a rerun replaces that day's run). Every drifted feature
 * also becomes a `drift` anomaly (metric `drift.<feature>`, dimension `test` = the test, value = the p-value or
 * statistic it compared, expected = its threshold) so it reaches the anomaly feed, the review flow and the alert
 * rules; a rerun updates those rows in place and withdraws open ones whose feature no longer drifts.
 */
import { and, desc, eq, gte, lt, notInArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { monitoringAnomalies, monitoringDriftRuns } from "@/db/schema";
import type { DriftResult, FeatureDrift } from "../drift/schema";
import { ANOMALY_IDENTITY } from "./detection";
import { driftReport, type DriftReport } from "./drift-report";

const DAY = 86_400_000;
export const DRIFT_METRIC_PREFIX = "drift.";

export interface DriftRunSummary {
  day: string;
  drifted: boolean | null;
  driftedFeatures: string[];
  baselineRecords: number;
  currentRecords: number;
}

export const driftDay = (now: Date) => new Date(Math.floor(now.getTime() / DAY) * DAY);
export const driftReportHref = (day: Date) => `/monitoring/drift?day=${day.toISOString().slice(0, 10)}`;

/** p-value tests (KS, chi-square) drift below their threshold; distances and the classifier AUC at or above it. */
const isPValueTest = (f: FeatureDrift) => (f.test === "ks" || f.test === "chisquare") && f.pValue !== undefined;

/** What the feature's threshold is compared with: the p-value or the statistic. */
export function comparedValue(f: FeatureDrift): number {
  return isPValueTest(f) ? f.pValue! : f.statistic;
}

/** How far past its threshold, in threshold units (p-values on a log scale), capped. */
function driftScore(f: FeatureDrift): number {
  if (isPValueTest(f)) return Math.min(20, Math.log10(Math.max(f.pValue!, 1e-300)) / Math.log10(f.threshold));
  return f.threshold > 0 ? Math.min(20, f.statistic / f.threshold) : 1;
}

function severity(f: FeatureDrift, result: DriftResult): "medium" | "high" | "critical" {
  if (!result.dataset.drifted) return "medium";
  return driftScore(f) >= 2 ? "critical" : "high";
}

export async function runDailyDrift(db: Db, projectId: string, now = new Date()): Promise<DriftRunSummary> {
  const day = driftDay(now);
  const report = await driftReport(db, projectId, day);
  const result = report.result;
  const drifted = result ? result.features.filter((f) => f.drifted) : [];
  const row = {
    projectId,
    day,
    baselineFrom: new Date(report.baseline.from),
    currentFrom: new Date(report.current.from),
    baselineRecords: report.baseline.records,
    currentRecords: report.current.records,
    drifted: result ? result.dataset.drifted : null,
    driftedFeatures: drifted.map((f) => f.name),
    report: report as unknown as Record<string, unknown>,
    computedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(monitoringDriftRuns)
      .values(row)
      .onConflictDoUpdate({ target: [monitoringDriftRuns.projectId, monitoringDriftRuns.day], set: { ...row } });
    const metrics = drifted.map((f) => DRIFT_METRIC_PREFIX + f.name);
    // Withdraw what this day's earlier run reported but this one does not (unless someone already reviewed it).
    await tx
      .delete(monitoringAnomalies)
      .where(
        and(
          eq(monitoringAnomalies.projectId, projectId),
          eq(monitoringAnomalies.kind, "drift"),
          eq(monitoringAnomalies.timestamp, day),
          eq(monitoringAnomalies.status, "open"),
          ...(metrics.length > 0 ? [notInArray(monitoringAnomalies.metric, metrics)] : []),
        ),
      );
    if (!result || drifted.length === 0) return;
    for (const f of drifted) {
      // value: the p-value or statistic the test compared; expected/lower/upper: its threshold; the test's name
      // is the dimension (so the feed can say what was measured).
      const values = {
        value: comparedValue(f),
        expected: f.threshold,
        lower: f.threshold,
        upper: f.threshold,
        score: driftScore(f),
        direction: isPValueTest(f) ? ("down" as const) : ("up" as const),
        severity: severity(f, result),
      };
      await tx
        .insert(monitoringAnomalies)
        .values({ projectId, metric: DRIFT_METRIC_PREFIX + f.name, granularity: "day", dimension: "test", dimensionValue: f.test, timestamp: day, kind: "drift", ...values })
        .onConflictDoUpdate({
          target: ANOMALY_IDENTITY,
          set: values,
        });
    }
  });
  return {
    day: day.toISOString(),
    drifted: row.drifted,
    driftedFeatures: row.driftedFeatures,
    baselineRecords: row.baselineRecords,
    currentRecords: row.currentRecords,
  };
}

/** The stored run of one day, or null. */
export async function storedDriftRun(db: Db, projectId: string, day: Date): Promise<(DriftReport & { computedAt: string }) | null> {
  const [row] = await db
    .select({ report: monitoringDriftRuns.report, computedAt: monitoringDriftRuns.computedAt })
    .from(monitoringDriftRuns)
    .where(and(eq(monitoringDriftRuns.projectId, projectId), eq(monitoringDriftRuns.day, driftDay(day))));
  return row ? { ...(row.report as unknown as DriftReport), computedAt: row.computedAt.toISOString() } : null;
}

/** Statistic history of drift features (for the feed's sparklines): per feature, one point per stored run. */
export async function driftHistory(db: Db, projectId: string, features: string[], from: Date, to: Date) {
  if (features.length === 0) return new Map<string, { timestamp: string; value: number }[]>();
  const rows = await db
    .select({ day: monitoringDriftRuns.day, report: monitoringDriftRuns.report })
    .from(monitoringDriftRuns)
    .where(and(eq(monitoringDriftRuns.projectId, projectId), gte(monitoringDriftRuns.day, from), lt(monitoringDriftRuns.day, to)))
    .orderBy(monitoringDriftRuns.day);
  const out = new Map<string, { timestamp: string; value: number }[]>();
  for (const r of rows) {
    const result = (r.report as unknown as DriftReport).result;
    for (const f of result?.features ?? []) {
      if (!features.includes(f.name)) continue;
      const list = out.get(f.name) ?? [];
      list.push({ timestamp: r.day.toISOString(), value: comparedValue(f) });
      out.set(f.name, list);
    }
  }
  return out;
}

/** Days with a stored run, newest first (the drift page's day picker). */
export async function driftRunDays(db: Db, projectId: string, limit = 30) {
  return db
    .select({ day: monitoringDriftRuns.day, drifted: monitoringDriftRuns.drifted, driftedFeatures: monitoringDriftRuns.driftedFeatures })
    .from(monitoringDriftRuns)
    .where(eq(monitoringDriftRuns.projectId, projectId))
    .orderBy(desc(monitoringDriftRuns.day))
    .limit(limit);
}

export const isDriftMetric = (metric: string) => metric.startsWith(DRIFT_METRIC_PREFIX);
