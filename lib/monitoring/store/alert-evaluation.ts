/**
 * What alert evaluation (lib/monitoring/alerts/evaluate.ts) reads and writes: the enabled rules, each rule's last
 * sent notification, the open anomalies it may report (muted series left out), the latest complete hourly rollup, and the notification log.
 */
import { and, desc, eq, gte, inArray, lt, not } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertNotifications, alertRules, metricRollups, monitoringAnomalies } from "@/db/schema";
import { anomalyMuted } from "./mutes";


export type AlertRule = typeof alertRules.$inferSelect;

/** One rollup series: a dimension and its value ("all"/"all" is the project total). */
export interface Series {
  dimension: string;
  dimensionValue: string;
}
export const PROJECT_TOTAL: Series = { dimension: "all", dimensionValue: "all" };

/** The series a rule watches, or null when it watches the project total / any series. */
export function ruleSeries(rule: Pick<AlertRule, "dimension" | "dimensionValue">): Series | null {
  return rule.dimension && rule.dimensionValue ? { dimension: rule.dimension, dimensionValue: rule.dimensionValue } : null;
}
export type NotificationEntry = typeof alertNotifications.$inferInsert;

export async function enabledAlertRules(db: Db, projectId: string): Promise<AlertRule[]> {
  return db.select().from(alertRules).where(and(eq(alertRules.projectId, projectId), eq(alertRules.enabled, true)));
}

/** When the rule last sent a notification successfully, or null. */
export async function lastSentNotification(db: Db, ruleId: string): Promise<Date | null> {
  const [last] = await db
    .select({ createdAt: alertNotifications.createdAt })
    .from(alertNotifications)
    .where(and(eq(alertNotifications.ruleId, ruleId), eq(alertNotifications.status, "sent")))
    .orderBy(desc(alertNotifications.createdAt))
    .limit(1);
  return last?.createdAt ?? null;
}

/**
 * Open anomalies of a project detected since `detectedSince` at a time from `occurredSince` on (of one metric, if
 * given), leaving out series muted at `now`: a mute silences alerts while it lasts.
 */
export async function openAnomaliesSince(db: Db, projectId: string, metric: string | null, detectedSince: Date, occurredSince: Date, now: Date, series: Series | null = null) {
  return db
    .select()
    .from(monitoringAnomalies)
    .where(
      and(
        eq(monitoringAnomalies.projectId, projectId),
        gte(monitoringAnomalies.detectedAt, detectedSince),
        gte(monitoringAnomalies.timestamp, occurredSince),
        inArray(monitoringAnomalies.status, ["open"]),
        ...(metric ? [eq(monitoringAnomalies.metric, metric)] : []),
        ...(series ? [eq(monitoringAnomalies.dimension, series.dimension), eq(monitoringAnomalies.dimensionValue, series.dimensionValue)] : []),
        not(anomalyMuted(now)),
      ),
    );
}

/** The hourly rollup of `metric` (project-wide, or of one series) in the last bucket that starts before `before`, or null. */
export async function latestHourlyBefore(db: Db, projectId: string, metric: string, before: Date, series: Series = PROJECT_TOTAL) {
  const [row] = await db
    .select({ value: metricRollups.value, bucketStart: metricRollups.bucketStart })
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.projectId, projectId),
        eq(metricRollups.granularity, "hour"),
        eq(metricRollups.metric, metric),
        eq(metricRollups.dimension, series.dimension),
        eq(metricRollups.dimensionValue, series.dimensionValue),
        lt(metricRollups.bucketStart, before),
      ),
    )
    .orderBy(desc(metricRollups.bucketStart))
    .limit(1);
  return row ?? null;
}

/** One notification-log row per delivery attempt. */
export async function logNotifications(db: Db, entries: NotificationEntry[]): Promise<void> {
  if (entries.length > 0) await db.insert(alertNotifications).values(entries);
}
