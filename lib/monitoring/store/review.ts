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

/** Retunes a metric's multiplier from all of its labelled anomalies (inside the review's transaction). */
async function retune(db: Db, projectId: string, metric: string): Promise<TuneResult> {
  const [current] = await db
    .select({ multiplier: monitoringMetricSettings.multiplier })
    .from(monitoringMetricSettings)
    .where(and(eq(monitoringMetricSettings.projectId, projectId), eq(monitoringMetricSettings.metric, metric)));
  const tuning = tuneSensitivity(await feedbackFor(db, projectId, metric), { current: current?.multiplier ?? 1 });
  const multiplier = Math.min(10, Math.max(0.25, tuning.multiplier));
  await db
    .insert(monitoringMetricSettings)
    .values({ projectId, metric, multiplier, lastTuning: { ...tuning }, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [monitoringMetricSettings.projectId, monitoringMetricSettings.metric],
      set: { multiplier, lastTuning: { ...tuning }, updatedAt: new Date() },
    });
  return tuning;
}

/** Applies the review and, for a label, retunes the metric's multiplier from all of its labelled anomalies; the audit
 * row is written in the same transaction. */
export async function reviewAnomaly(db: Db, actor: MemberActor, anomalyId: string, status: AnomalyStatus) {
  const { anomalies, tuning } = await reviewAnomalies(db, actor, [anomalyId], status);
  return { anomaly: anomalies[0], tuning: Object.values(tuning)[0] ?? null };
}

export const MAX_BULK_REVIEW = 200;

/**
 * Reviews several anomalies at once (bulk acknowledge / label), all or nothing: an id that is not an anomaly of this
 * project fails the whole request and changes nothing. One audit row per anomaly, in the same transaction; labels
 * retune each labelled metric once.
 */
export async function reviewAnomalies(db: Db, actor: MemberActor, anomalyIds: readonly string[], status: AnomalyStatus) {
  const { projectId, userId: reviewerId } = actor;
  const ids = [...new Set(anomalyIds)];
  if (ids.length === 0) throw new AppError("invalid_request", "ids: give at least one anomaly id");
  if (ids.length > MAX_BULK_REVIEW) throw new AppError("invalid_request", `ids: at most ${MAX_BULK_REVIEW} anomalies per request`);
  return db.transaction(async (tx) => {
    const db = tx as Db;
    const rows = await db
      .update(monitoringAnomalies)
      .set({ status, reviewedBy: reviewerId, reviewedAt: new Date() })
      .where(and(eq(monitoringAnomalies.projectId, projectId), inArray(monitoringAnomalies.id, ids)))
      .returning();
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      // Throwing rolls back the updates already made: nothing changes.
      throw new AppError("not_found", ids.length === 1 ? "No such anomaly in this project" : `No such anomalies in this project: ${missing.join(", ")}; none was changed`);
    }
    const tuning: Record<string, TuneResult> = {};
    if (status === "false_positive" || status === "confirmed") {
      for (const metric of [...new Set(rows.filter((r) => r.kind !== "drift").map((r) => r.metric))].sort()) tuning[metric] = await retune(db, projectId, metric);
    }
    for (const row of rows) {
      await auditAs(db, actor, {
        action: `anomaly.${status}`,
        targetType: "anomaly",
        targetId: row.id,
        details: { metric: row.metric, ...(ids.length > 1 ? { bulk: ids.length } : {}) },
      });
    }
    const order = new Map(ids.map((id, i) => [id, i]));
    return { anomalies: rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!), tuning };
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
