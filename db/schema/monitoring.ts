import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/** Custom metric points sent with `POST /api/v1/metrics`; one row per (metric, timestamp, dimensions). */
export const metricPoints = pgTable(
  "metric_points",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    /** Canonical JSON of the dimensions (sorted keys); part of the idempotency key. */
    dimensionsKey: text("dimensions_key").notNull().default("{}"),
    dimensions: jsonb("dimensions").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    value: doublePrecision("value").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.metric, t.timestamp, t.dimensionsKey] }),
    index("metric_points_project_time_idx").on(t.projectId, t.timestamp),
  ],
);

/** Hourly and daily metric rollups maintained by the monitoring-rollups job (dashboards read these). */
export const metricRollups = pgTable(
  "metric_rollups",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    granularity: text("granularity", { enum: ["hour", "day"] }).notNull(),
    /** "all" for the project total, else the dimension's name (model, environment). */
    dimension: text("dimension").notNull().default("all"),
    dimensionValue: text("dimension_value").notNull().default("all"),
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    value: doublePrecision("value").notNull(),
    /** Observations behind the value (requests, votes, points). */
    count: integer("count").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.granularity, t.metric, t.dimension, t.dimensionValue, t.bucketStart] }),
    index("metric_rollups_project_bucket_idx").on(t.projectId, t.granularity, t.bucketStart),
  ],
);

/** Anomalies found by the monitoring-detection job, with the user's review. */
export const monitoringAnomalies = pgTable(
  "monitoring_anomalies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    granularity: text("granularity", { enum: ["hour", "day"] }).notNull(),
    dimension: text("dimension").notNull().default("all"),
    dimensionValue: text("dimension_value").notNull().default("all"),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    value: doublePrecision("value").notNull(),
    expected: doublePrecision("expected").notNull(),
    lower: doublePrecision("lower").notNull(),
    upper: doublePrecision("upper").notNull(),
    score: doublePrecision("score").notNull(),
    direction: text("direction", { enum: ["up", "down"] }).notNull(),
    kind: text("kind", { enum: ["spike", "drop", "level_shift", "trend"] }).notNull(),
    severity: text("severity", { enum: ["low", "medium", "high", "critical"] }).notNull(),
    status: text("status", { enum: ["open", "acknowledged", "false_positive", "confirmed"] }).notNull().default("open"),
    reviewedBy: uuid("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    detectedAt: timestamp("detected_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("monitoring_anomalies_unique_idx").on(t.projectId, t.metric, t.dimension, t.dimensionValue, t.timestamp, t.kind),
    index("monitoring_anomalies_project_time_idx").on(t.projectId, t.timestamp),
  ],
);

/** Per-metric detection settings; the multiplier is tuned from anomaly feedback. */
export const monitoringMetricSettings = pgTable(
  "monitoring_metric_settings",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    multiplier: doublePrecision("multiplier").notNull().default(1),
    lastTuning: jsonb("last_tuning").$type<Record<string, unknown>>(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.metric] })],
);

/** Alert rules: an anomaly severity threshold or a metric condition, notified to a Slack-compatible webhook. */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** null: any metric (anomaly rules only). */
    metric: text("metric"),
    condition: text("condition", { enum: ["anomaly", "above", "below"] }).notNull(),
    /** Metric rules: compared with the latest complete hourly rollup. */
    threshold: doublePrecision("threshold"),
    minSeverity: text("min_severity", { enum: ["low", "medium", "high", "critical"] }).notNull().default("high"),
    webhookUrl: text("webhook_url").notNull(),
    cooldownMinutes: integer("cooldown_minutes").notNull().default(60),
    silencedUntil: timestamp("silenced_until", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_project_idx").on(t.projectId)],
);

/** The notification log: every webhook delivery attempt, with its outcome and acknowledgement. */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id").notNull().references(() => alertRules.id, { onDelete: "cascade" }),
    anomalyIds: uuid("anomaly_ids").array().notNull().default(sql`'{}'::uuid[]`),
    message: text("message").notNull(),
    status: text("status", { enum: ["sent", "failed"] }).notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_notifications_project_time_idx").on(t.projectId, t.createdAt), index("alert_notifications_rule_time_idx").on(t.ruleId, t.createdAt)],
);
