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
import { projects, users } from "./tenancy";

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

/**
 * Anomalies found by the monitoring-detection job, with the user's review. Detector rows are incidents: `timestamp`
 * is the first anomalous bucket, `endedAt` the last, `peakAt` the most surprising one (value, expected, band and
 * score are the peak's; score is its surprise, -log10 of its tail probability), `points` the anomalous buckets.
 */
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
    endedAt: timestamp("ended_at", { withTimezone: true }),
    peakAt: timestamp("peak_at", { withTimezone: true }),
    points: integer("points").notNull().default(1),
    value: doublePrecision("value").notNull(),
    expected: doublePrecision("expected").notNull(),
    lower: doublePrecision("lower").notNull(),
    upper: doublePrecision("upper").notNull(),
    score: doublePrecision("score").notNull(),
    direction: text("direction", { enum: ["up", "down"] }).notNull(),
    /** Detector kinds, or "drift": a drifted feature of the daily drift run (metric `drift.<feature>`, value = statistic, upper = threshold). */
    kind: text("kind", { enum: ["spike", "drop", "level_shift", "trend", "drift"] }).notNull(),
    severity: text("severity", { enum: ["low", "medium", "high", "critical"] }).notNull(),
    status: text("status", { enum: ["open", "acknowledged", "false_positive", "confirmed"] }).notNull().default("open"),
    reviewedBy: uuid("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    detectedAt: timestamp("detected_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Hourly and daily detection may both report the same start time: granularity is part of the identity.
    uniqueIndex("monitoring_anomalies_identity_idx").on(t.projectId, t.metric, t.granularity, t.dimension, t.dimensionValue, t.timestamp, t.kind),
    index("monitoring_anomalies_project_time_idx").on(t.projectId, t.timestamp),
  ],
);

/**
 * Mutes (snoozes) of an anomaly series: a metric, or one dimension value of it, until `expires_at` (null: until
 * unmuted). A muted series' anomalies are hidden from the feed by default and fire no alert rule while it lasts.
 */
export const monitoringAnomalyMutes = pgTable(
  "monitoring_anomaly_mutes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    /** null (with dimension_value null): every series of the metric. */
    dimension: text("dimension"),
    dimensionValue: text("dimension_value"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    reason: text("reason"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("monitoring_anomaly_mutes_project_metric_idx").on(t.projectId, t.metric)],
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

/** Alert rules: an anomaly severity threshold, a metric condition or new dead-lettered jobs, notified to a Slack-compatible webhook and/or by email. */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** null: any metric (anomaly rules only). */
    metric: text("metric"),
    condition: text("condition", { enum: ["anomaly", "above", "below", "dead_letters"] }).notNull(),
    /** One series to watch (both set, e.g. cohort + a cohort id), or null for the project total (metric rules) / any series (anomaly rules). */
    dimension: text("dimension"),
    dimensionValue: text("dimension_value"),
    /** Metric rules: compared with the latest complete hourly rollup. */
    threshold: doublePrecision("threshold"),
    minSeverity: text("min_severity", { enum: ["low", "medium", "high", "critical"] }).notNull().default("high"),
    /** null: no webhook (email only). */
    webhookUrl: text("webhook_url"),
    /** Sent by email when SMTP is configured (SMTP_URL, ALERT_EMAIL_FROM). */
    emailRecipients: text("email_recipients").array().notNull().default(sql`'{}'::text[]`),
    cooldownMinutes: integer("cooldown_minutes").notNull().default(60),
    silencedUntil: timestamp("silenced_until", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_project_idx").on(t.projectId)],
);

/** The notification log: every delivery attempt (one row per channel), with its outcome and acknowledgement. */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id").notNull().references(() => alertRules.id, { onDelete: "cascade" }),
    anomalyIds: uuid("anomaly_ids").array().notNull().default(sql`'{}'::uuid[]`),
    message: text("message").notNull(),
    channel: text("channel", { enum: ["webhook", "email"] }).notNull().default("webhook"),
    /** Where it went: the webhook's host, or the email recipients. */
    target: text("target"),
    status: text("status", { enum: ["sent", "failed"] }).notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_notifications_project_time_idx").on(t.projectId, t.createdAt), index("alert_notifications_rule_time_idx").on(t.ruleId, t.createdAt)],
);

/**
 * The daily drift run (monitoring-drift job): prompt/response features of the current window against the
 * baseline window, stored once per project and day (a rerun replaces it). Drifted features also become
 * `drift` anomalies so they reach the feed and the alert rules.
 */
export const monitoringDriftRuns = pgTable(
  "monitoring_drift_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    /** Start (UTC midnight) of the day the run is for; the current window ends there. */
    day: timestamp("day", { withTimezone: true }).notNull(),
    baselineFrom: timestamp("baseline_from", { withTimezone: true }).notNull(),
    currentFrom: timestamp("current_from", { withTimezone: true }).notNull(),
    baselineRecords: integer("baseline_records").notNull(),
    currentRecords: integer("current_records").notNull(),
    /** null when a window had too few records to test. */
    drifted: boolean("drifted"),
    driftedFeatures: text("drifted_features").array().notNull().default(sql`'{}'::text[]`),
    /** The full report (per-feature tests, embedding drift, clusters). */
    report: jsonb("report").$type<Record<string, unknown>>().notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("monitoring_drift_runs_day_idx").on(t.projectId, t.day)],
);

/**
 * The daily forecast run (monitoring-forecasts job): per project, key quality metric and day, the forecast fitted on
 * the daily rollups (model chosen by backtest, 80%/95% intervals) and its backtested accuracy against seasonal naive.
 * A rerun the same day replaces the row.
 */
export const monitoringForecasts = pgTable(
  "monitoring_forecasts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    /** Start (UTC midnight) of the day the forecast was made on; history ends there. */
    day: timestamp("day", { withTimezone: true }).notNull(),
    horizonDays: integer("horizon_days").notNull(),
    /** Chosen model, or null when there was too little history (see `reason`). */
    model: text("model"),
    reason: text("reason"),
    /** Daily history the model was fitted on ({ timestamp, value | null }). */
    history: jsonb("history").$type<{ timestamp: string; value: number | null }[]>().notNull(),
    /** The ForecastResult (points, backtest, candidates), or null. */
    forecast: jsonb("forecast").$type<Record<string, unknown>>(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("monitoring_forecasts_day_idx").on(t.projectId, t.metric, t.day)],
);
