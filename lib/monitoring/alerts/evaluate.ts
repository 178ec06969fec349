/**
 * Alert evaluation (run by the detection job after each pass): each enabled, unsilenced rule outside its cooldown
 * sends one Slack-compatible webhook message (`{ text }`) covering everything new since its last notification,
 * and every attempt is written to the notification log.
 */
import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertNotifications, alertRules, metricRollups, monitoringAnomalies } from "@/db/schema";
import { metricInfo } from "../rollups/catalog";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Anomalies older than this are history, not news: a new rule does not page about last month. */
const NEWS_WINDOW_MS = 3 * DAY;
const SEVERITY_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; ok: boolean }>;

type Rule = typeof alertRules.$inferSelect;

async function deliver(db: Db, rule: Rule, message: string, anomalyIds: string[], fetchImpl: FetchLike) {
  let status: "sent" | "failed" = "failed";
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetchImpl(rule.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: message }),
    });
    responseStatus = res.status;
    status = res.ok ? "sent" : "failed";
    if (!res.ok) error = `webhook answered ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  await db.insert(alertNotifications).values({ projectId: rule.projectId, ruleId: rule.id, anomalyIds, message, status, responseStatus, error });
  return status;
}

async function newAnomalies(db: Db, rule: Rule, since: Date, now: Date) {
  const rows = await db
    .select()
    .from(monitoringAnomalies)
    .where(
      and(
        eq(monitoringAnomalies.projectId, rule.projectId),
        gte(monitoringAnomalies.detectedAt, since),
        gte(monitoringAnomalies.timestamp, new Date(now.getTime() - NEWS_WINDOW_MS)),
        inArray(monitoringAnomalies.status, ["open"]),
        ...(rule.metric ? [eq(monitoringAnomalies.metric, rule.metric)] : []),
      ),
    );
  return rows.filter((a) => SEVERITY_RANK[a.severity] >= SEVERITY_RANK[rule.minSeverity]);
}

async function latestHourly(db: Db, projectId: string, metric: string, now: Date) {
  const [row] = await db
    .select({ value: metricRollups.value, bucketStart: metricRollups.bucketStart })
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.projectId, projectId),
        eq(metricRollups.granularity, "hour"),
        eq(metricRollups.metric, metric),
        eq(metricRollups.dimension, "all"),
        lt(metricRollups.bucketStart, new Date(Math.floor(now.getTime() / HOUR) * HOUR)),
      ),
    )
    .orderBy(desc(metricRollups.bucketStart))
    .limit(1);
  return row ?? null;
}

export async function evaluateAlerts(db: Db, projectId: string, now = new Date(), fetchImpl: FetchLike = fetch) {
  const rules = await db.select().from(alertRules).where(and(eq(alertRules.projectId, projectId), eq(alertRules.enabled, true)));
  const outcome = { evaluated: 0, sent: 0, failed: 0 };
  for (const rule of rules) {
    if (rule.silencedUntil && rule.silencedUntil > now) continue;
    const [last] = await db
      .select({ createdAt: alertNotifications.createdAt })
      .from(alertNotifications)
      .where(and(eq(alertNotifications.ruleId, rule.id), eq(alertNotifications.status, "sent")))
      .orderBy(desc(alertNotifications.createdAt))
      .limit(1);
    if (last && now.getTime() - last.createdAt.getTime() < rule.cooldownMinutes * 60_000) continue;
    outcome.evaluated++;
    let message: string | null = null;
    let anomalyIds: string[] = [];
    if (rule.condition === "anomaly") {
      const found = await newAnomalies(db, rule, last?.createdAt ?? rule.createdAt, now);
      if (found.length > 0) {
        anomalyIds = found.map((a) => a.id);
        const lines = found
          .slice(0, 10)
          .map((a) => `• [${a.severity}] ${metricInfo(a.metric).label}${a.dimension === "all" ? "" : ` (${a.dimension}=${a.dimensionValue})`} ${a.kind} ${a.direction} on ${a.timestamp.toISOString().slice(0, 16)}Z: ${a.value.toPrecision(4)} vs expected ${a.expected.toPrecision(4)}`);
        message = `Prism alert "${rule.name}": ${found.length} new anomal${found.length === 1 ? "y" : "ies"}\n${lines.join("\n")}`;
      }
    } else if (rule.metric && rule.threshold !== null) {
      const latest = await latestHourly(db, projectId, rule.metric, now);
      const breached = latest && (rule.condition === "above" ? latest.value > rule.threshold : latest.value < rule.threshold);
      if (latest && breached) {
        message = `Prism alert "${rule.name}": ${metricInfo(rule.metric).label} was ${latest.value.toPrecision(4)} in the hour from ${latest.bucketStart.toISOString().slice(0, 16)}Z (${rule.condition} ${rule.threshold})`;
      }
    }
    if (!message) continue;
    const status = await deliver(db, rule, message, anomalyIds, fetchImpl);
    outcome[status]++;
  }
  return outcome;
}
