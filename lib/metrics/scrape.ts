// Who may scrape /api/metrics, and the scrape: the in-process instruments plus the job ledger read now. Kept out of
// lib/metrics/index.ts so that recording a metric never pulls in the job ledger.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { ledgerHealth } from "@/lib/jobs/stats";
import { metricsText } from "./registry";
import { setJobLedgerGauges } from "./record";

/**
 * Off (404, as if absent) without PRISM_METRICS_TOKEN; otherwise only `Authorization: Bearer <token>` (401 else).
 * The comparison runs on SHA-256 digests in constant time, so neither the token nor its length leaks by timing.
 */
export function assertMetricsAccess(configured: string | undefined, authorization: string | null) {
  if (!configured) throw new AppError("not_found", "Metrics are off on this server (set PRISM_METRICS_TOKEN to turn them on)");
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (!timingSafeEqual(digest(given), digest(configured))) {
    throw new AppError("unauthorized", "Give the metrics token as Authorization: Bearer <PRISM_METRICS_TOKEN>", undefined, { "WWW-Authenticate": 'Bearer realm="prism-metrics"' });
  }
}

/** The Prometheus exposition, with the ledger gauges (queue depth, backlog, dead letters) read at this moment. */
export async function scrapeMetrics(db: Db, now = new Date()) {
  setJobLedgerGauges(await ledgerHealth(db, now));
  return metricsText();
}
