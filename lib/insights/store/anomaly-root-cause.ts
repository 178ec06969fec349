/**
 * Root causes stored with anomalies: the job computes one when an anomaly is first stored, the anomaly's
 * root-cause endpoint reads it (computing it on the spot when the job has not run yet).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { anomalyRootCauses, monitoringAnomalies } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { anomalyAnalysis } from "../root-cause/anomaly-windows";
import { analyzeRootCause, type RootCauseResult } from "../root-cause/analyze";

export type StoredRootCause = { anomalyId: string; status: "ready"; result: RootCauseResult; computedAt: string } | { anomalyId: string; status: "unsupported"; reason: string; computedAt: string };

async function loadAnomaly(db: Db, projectId: string, anomalyId: string) {
  const [anomaly] = await db
    .select()
    .from(monitoringAnomalies)
    .where(and(eq(monitoringAnomalies.projectId, projectId), eq(monitoringAnomalies.id, anomalyId)));
  if (!anomaly) throw new AppError("not_found", `No anomaly ${anomalyId}`);
  return anomaly;
}

function toStored(row: typeof anomalyRootCauses.$inferSelect): StoredRootCause {
  const computedAt = row.computedAt.toISOString();
  if (row.status === "unsupported") return { anomalyId: row.anomalyId, status: "unsupported", reason: String(row.result.reason), computedAt };
  return { anomalyId: row.anomalyId, status: "ready", result: row.result as unknown as RootCauseResult, computedAt };
}

/** Computes and stores (replacing any earlier one) the root cause of an anomaly. */
export async function computeAnomalyRootCause(db: Db, projectId: string, anomalyId: string): Promise<StoredRootCause> {
  const anomaly = await loadAnomaly(db, projectId, anomalyId);
  const plan = anomalyAnalysis(anomaly);
  const result: Record<string, unknown> = "reason" in plan ? { reason: plan.reason } : ((await analyzeRootCause(db, { projectId, ...plan })) as unknown as Record<string, unknown>);
  const status = "reason" in plan ? ("unsupported" as const) : ("ready" as const);
  const [row] = await db
    .insert(anomalyRootCauses)
    .values({ anomalyId, projectId, status, result })
    .onConflictDoUpdate({ target: anomalyRootCauses.anomalyId, set: { status, result, computedAt: new Date() } })
    .returning();
  return toStored(row);
}

/** The anomaly as its detail page shows it, or null. */
export async function findAnomaly(db: Db, projectId: string, anomalyId: string) {
  const anomaly = await loadAnomaly(db, projectId, anomalyId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  });
  if (!anomaly) return null;
  const { id, metric, granularity, dimension, dimensionValue, timestamp, value, expected, direction, kind, severity, status } = anomaly;
  return { id, metric, granularity, dimension, dimensionValue, timestamp, value, expected, direction, kind, severity, status };
}

/** The stored root cause of an anomaly, computed now if there is none yet. */
export async function anomalyRootCause(db: Db, projectId: string, anomalyId: string): Promise<StoredRootCause> {
  await loadAnomaly(db, projectId, anomalyId);
  const [row] = await db
    .select()
    .from(anomalyRootCauses)
    .where(and(eq(anomalyRootCauses.projectId, projectId), eq(anomalyRootCauses.anomalyId, anomalyId)));
  return row ? toStored(row) : computeAnomalyRootCause(db, projectId, anomalyId);
}
