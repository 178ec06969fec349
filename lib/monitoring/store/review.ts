/**
 * Review of stored anomalies: acknowledge, or label false positive / confirmed. Labels are the feedback that
 * tunes the metric's sensitivity multiplier (tuneSensitivity); scores are in noise units, so every reviewed
 * anomaly of a metric counts whatever multiplier it was found at.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { monitoringAnomalies, monitoringMetricSettings } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditAs, type MemberActor } from "@/lib/audit/record";
import { type AnomalyFeedback, falsePositiveRate, type TuneResult, tuneSensitivity } from "../anomaly/sensitivity";

export type AnomalyStatus = "open" | "acknowledged" | "false_positive" | "confirmed";

async function feedbackFor(db: Db, projectId: string, metric: string): Promise<AnomalyFeedback[]> {
  const rows = await db
    .select({ kind: monitoringAnomalies.kind, score: monitoringAnomalies.score, status: monitoringAnomalies.status })
    .from(monitoringAnomalies)
    .where(
      and(
        eq(monitoringAnomalies.projectId, projectId),
        eq(monitoringAnomalies.metric, metric),
        inArray(monitoringAnomalies.status, ["false_positive", "confirmed"]),
      ),
    );
  // Drift findings are test statistics, not detector scores: they do not tune the detector's threshold.
  return rows.flatMap((r) => (r.kind === "drift" ? [] : [{ kind: r.kind, score: r.score, label: r.status === "confirmed" ? ("confirmed" as const) : ("false_positive" as const) }]));
}

/** Applies the review and, for a label, retunes the metric's multiplier from all of its labelled anomalies; the audit
 * row is written in the same transaction. */
export async function reviewAnomaly(db: Db, actor: MemberActor, anomalyId: string, status: AnomalyStatus) {
  const { projectId, userId: reviewerId } = actor;
  return db.transaction(async (tx) => {
    const db = tx as Db;
    const [row] = await db
      .update(monitoringAnomalies)
      .set({ status, reviewedBy: reviewerId, reviewedAt: new Date() })
      .where(and(eq(monitoringAnomalies.projectId, projectId), eq(monitoringAnomalies.id, anomalyId)))
      .returning();
    if (!row) throw new AppError("not_found", "No such anomaly in this project");
    let tuning: TuneResult | null = null;
    if ((status === "false_positive" || status === "confirmed") && row.kind !== "drift") {
      const [current] = await db
        .select({ multiplier: monitoringMetricSettings.multiplier })
        .from(monitoringMetricSettings)
        .where(and(eq(monitoringMetricSettings.projectId, projectId), eq(monitoringMetricSettings.metric, row.metric)));
      tuning = tuneSensitivity(await feedbackFor(db, projectId, row.metric), { current: current?.multiplier ?? 1 });
      const multiplier = Math.min(10, Math.max(0.25, tuning.multiplier));
      await db
        .insert(monitoringMetricSettings)
        .values({ projectId, metric: row.metric, multiplier, lastTuning: { ...tuning }, updatedAt: new Date() })
        .onConflictDoUpdate({
          target: [monitoringMetricSettings.projectId, monitoringMetricSettings.metric],
          set: { multiplier, lastTuning: { ...tuning }, updatedAt: new Date() },
        });
    }
    await auditAs(db, actor, { action: `anomaly.${status}`, targetType: "anomaly", targetId: anomalyId, details: { metric: row.metric } });
    return { anomaly: row, tuning };
  });
}

export interface MetricSensitivity {
  metric: string;
  multiplier: number;
  reviewed: number;
  falsePositives: number;
  /** Share of reviewed anomalies labelled false positive (null before any review). */
  falsePositiveRate: number | null;
}

/** Per metric with anomalies or settings: its multiplier and false-positive rate from the stored feedback. */
export async function metricSensitivities(db: Db, projectId: string): Promise<MetricSensitivity[]> {
  const [counts, settings] = await Promise.all([
    db
      .select({
        metric: monitoringAnomalies.metric,
        reviewed: sql<number>`count(*) filter (where ${monitoringAnomalies.status} in ('false_positive', 'confirmed'))`.mapWith(Number),
      })
      .from(monitoringAnomalies)
      // Drift findings have no detector threshold to tune: not listed here.
      .where(and(eq(monitoringAnomalies.projectId, projectId), ne(monitoringAnomalies.kind, "drift")))
      .groupBy(monitoringAnomalies.metric),
    db.select().from(monitoringMetricSettings).where(eq(monitoringMetricSettings.projectId, projectId)),
  ]);
  const metrics = [...new Set([...counts.map((c) => c.metric), ...settings.map((s) => s.metric)])].sort();
  const out: MetricSensitivity[] = [];
  for (const metric of metrics) {
    const feedback = (counts.find((c) => c.metric === metric)?.reviewed ?? 0) > 0 ? await feedbackFor(db, projectId, metric) : [];
    const fps = feedback.filter((f) => f.label === "false_positive").length;
    out.push({
      metric,
      multiplier: settings.find((s) => s.metric === metric)?.multiplier ?? 1,
      reviewed: feedback.length,
      falsePositives: fps,
      falsePositiveRate: feedback.length ? falsePositiveRate(feedback) : null,
    });
  }
  return out;
}
