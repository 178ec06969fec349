import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { monitoringAnomalies } from "./monitoring";
import { projects, users } from "./tenancy";

/** Per-project insight settings: the trace metadata keys root cause analysis treats as dimensions. */
export const insightSettings = pgTable("insight_settings", {
  projectId: uuid("project_id").primaryKey().references(() => projects.id, { onDelete: "cascade" }),
  dimensionKeys: text("dimension_keys").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The root cause of a detected anomaly, computed by the insights-root-cause job when the anomaly is first stored
 * (status "unsupported" with a reason for metrics it cannot explain, e.g. custom metrics).
 */
export const anomalyRootCauses = pgTable(
  "anomaly_root_causes",
  {
    anomalyId: uuid("anomaly_id").primaryKey().references(() => monitoringAnomalies.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["ready", "unsupported"] }).notNull(),
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("anomaly_root_causes_project_idx").on(t.projectId, t.computedAt)],
);

/**
 * Insight suggestions ("recommendations" in the issue; named apart from lib/personalization's item recommendations):
 * one row per finding, keyed by the rule's stable dedupe key, so a recurring finding updates its evidence. `status`
 * is the team's verdict; `active` says whether the latest run still found it. Project-level aggregates only: no
 * end-user ids in the evidence.
 */
export const insightSuggestions = pgTable(
  "insight_suggestions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    rule: text("rule").notNull(),
    key: text("key").notNull(),
    severity: text("severity", { enum: ["low", "medium", "high"] }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    evidence: jsonb("evidence").$type<Record<string, number | string | null>>().notNull(),
    links: jsonb("links").$type<{ label: string; href: string }[]>().notNull(),
    status: text("status", { enum: ["open", "useful", "not_useful", "done"] }).notNull().default("open"),
    /** The evidence when the verdict was given: a closed suggestion re-opens only when its evidence moves materially from it. */
    feedbackEvidence: jsonb("feedback_evidence").$type<Record<string, number | string | null>>(),
    active: boolean("active").notNull().default(true),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    feedbackAt: timestamp("feedback_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("insight_suggestions_project_key_idx").on(t.projectId, t.key), index("insight_suggestions_project_status_idx").on(t.projectId, t.active, t.status)],
);

/** Every verdict given on a suggestion (the weekly share marked useful is read from here, not from current statuses). */
export const insightSuggestionFeedback = pgTable(
  "insight_suggestion_feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    suggestionId: uuid("suggestion_id").notNull().references(() => insightSuggestions.id, { onDelete: "cascade" }),
    verdict: text("verdict", { enum: ["useful", "not_useful", "done"] }).notNull(),
    /** A Prism member (null when the project's API key gave the verdict). */
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("insight_suggestion_feedback_project_time_idx").on(t.projectId, t.createdAt)],
);

/**
 * The latest conversation-topic clustering per project (lib/insights/topics, daily job `insights-topics`): one run
 * row, replaced with its topics on each run. Only counts, aggregates and trace ids are stored, never a user id or
 * text: example texts are read from the traces when shown, so erasing a user's traces erases them here too.
 */
export const insightTopicRuns = pgTable("insight_topic_runs", {
  projectId: uuid("project_id").primaryKey().references(() => projects.id, { onDelete: "cascade" }),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  windowFrom: timestamp("window_from", { withTimezone: true }).notNull(),
  windowTo: timestamp("window_to", { withTimezone: true }).notNull(),
  conversations: integer("conversations").notNull(),
  k: integer("k").notNull(),
  /** Mean silhouette of the chosen k (null when fewer than two topics were possible). */
  silhouette: doublePrecision("silhouette"),
  embedder: text("embedder").notNull(),
});

export const insightTopics = pgTable(
  "insight_topics",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    topic: integer("topic").notNull(),
    label: text("label").notNull(),
    terms: text("terms").array().notNull(),
    size: integer("size").notNull(),
    /** Conversations started in the last 7 days of the window, and in the 7 days before. */
    thisWeek: integer("this_week").notNull(),
    lastWeek: integer("last_week").notNull(),
    rated: integer("rated").notNull(),
    satisfied: integer("satisfied").notNull(),
    sentimentN: integer("sentiment_n").notNull(),
    meanPolarity: doublePrecision("mean_polarity"),
    meanCost: doublePrecision("mean_cost"),
    exampleTraceIds: text("example_trace_ids").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.topic] })],
);

/**
 * Root cause rollups (insights-root-cause analysis fast path): per project, hour and dimension value, value pair, or
 * value triple within a series dimension (dims in TRACE_DIMENSIONS order, unused ones ''; the total has all three
 * ''), the additive sums every trace-grain
 * sum/ratio metric needs, so an analysis reads O(values × hours) rows instead of every trace. Maintained by the
 * monitoring-rollups job; see lib/insights/store/segment-rollups.ts.
 */
/** The measures of a trace rollup row, hourly or daily (what each sums over the row's traces). */
const rollupMeasures = () => ({
  traces: doublePrecision("traces").notNull(),
  errors: doublePrecision("errors").notNull(),
  cost: doublePrecision("cost").notNull(),
  cost2: doublePrecision("cost2").notNull(),
  tokens: doublePrecision("tokens").notNull(),
  tokens2: doublePrecision("tokens2").notNull(),
  timed: doublePrecision("timed").notNull(),
  latency: doublePrecision("latency").notNull(),
  latency2: doublePrecision("latency2").notNull(),
  firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
  /** Thumbs ratings (api and human boolean scores) of the row's traces: Σvotes, Σdowns and their second moments per trace. */
  votes: doublePrecision("votes").notNull().default(0),
  votes2: doublePrecision("votes2").notNull().default(0),
  downs: doublePrecision("downs").notNull().default(0),
  downs2: doublePrecision("downs2").notNull().default(0),
  downsVotes: doublePrecision("downs_votes").notNull().default(0),
  /** Latency sketch (lib/insights/root-cause/sketch.ts): the non-empty log buckets, ascending, and their trace counts. */
  latBins: smallint("lat_bins").array().notNull().default(sql`'{}'::smallint[]`),
  latCounts: integer("lat_counts").array().notNull().default(sql`'{}'::integer[]`),
});
const segmentColumns = () => ({
  dimA: text("dim_a").notNull(),
  valueA: text("value_a").notNull(),
  dimB: text("dim_b").notNull(),
  valueB: text("value_b").notNull(),
  dimC: text("dim_c").notNull(),
  valueC: text("value_c").notNull(),
});

export const rootCauseRollups = pgTable(
  "root_cause_rollups",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    ...segmentColumns(),
    ...rollupMeasures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.dimA, t.dimB, t.dimC, t.hour, t.valueA, t.valueB, t.valueC] })],
);

/**
 * The daily tier of the trace rollups: a UTC day's hourly rows merged per segment (sums added, sketches merged), so an
 * analysis over days reads a row per day instead of 24. Built only for days whose 24 hours are all rolled up
 * (root_cause_rollup_days); see lib/insights/store/day-rollups.ts.
 */
export const rootCauseDayRollups = pgTable(
  "root_cause_day_rollups",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    day: timestamp("day", { withTimezone: true }).notNull(),
    ...segmentColumns(),
    ...rollupMeasures(),
  },
  (t) => [primaryKey({ name: "root_cause_day_rollups_pk", columns: [t.projectId, t.dimA, t.dimB, t.dimC, t.day, t.valueA, t.valueB, t.valueC] })],
);

/**
 * The daily tier per end user: a UTC day's traces of each user (user_id null: traces without one), the same measures
 * as the segment rows, built from the traces with the day's segment rows (root_cause_rollup_days lists both); also per
 * user, day and value of each trace dimension where the user's day has more than one value of it (migrations 0077,
 * 0078; a single value is listed on the user's day row). Saved cohorts, plan and country are properties of the
 * user, so an analysis splits these rows by the cohort's current membership (its last refresh) when it reads them,
 * alone or paired with a trace dimension; see lib/insights/store/user-day-rollups.ts.
 */
export const rootCauseUserDayRollups = pgTable(
  "root_cause_user_day_rollups",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    day: timestamp("day", { withTimezone: true }).notNull(),
    userId: text("user_id"),
    /** '' for the user's day; a trace dimension (model, prompt_version, meta:<key>, ...) for its traces of one `value`. */
    dim: text("dim").notNull().default(""),
    value: text("value").notNull().default(""),
    /** On the user's day row: each held dimension the day has one value of, with that value (migration 0078). */
    singleValues: jsonb("single_values").$type<Record<string, string>>().notNull().default({}),
    ...rollupMeasures(),
  },
  (t) => [index("root_cause_user_day_rollups_day_idx").on(t.projectId, t.day, t.dim, t.value)],
);

/**
 * The event grain's daily tier per end user: a UTC day's events counted per user (user_id null: events without one),
 * name and thumbs value (dim = value = ''), and per value of each rolled-up metadata key (dim = meta:<key>). Saved
 * cohorts of event metrics are read as a split of these rows by membership; see lib/insights/store/user-day-rollups.ts.
 */
export const rootCauseUserEventDayRollups = pgTable(
  "root_cause_user_event_day_rollups",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    day: timestamp("day", { withTimezone: true }).notNull(),
    userId: text("user_id"),
    name: text("name").notNull(),
    thumbs: text("thumbs").notNull(),
    dim: text("dim").notNull().default(""),
    value: text("value").notNull().default(""),
    /** On the day row of a user, name and thumbs value: each metadata key it has one value of, with that value (migration 0078). */
    singleValues: jsonb("single_values").$type<Record<string, string>>().notNull().default({}),
    events: doublePrecision("events").notNull(),
  },
  (t) => [index("root_cause_user_event_day_rollups_day_idx").on(t.projectId, t.day, t.dim, t.value)],
);

/** The days whose daily rollups are built and current (every hour of the day unchanged since). */
export const rootCauseRollupDays = pgTable(
  "root_cause_rollup_days",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    day: timestamp("day", { withTimezone: true }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    dimensionKeys: text("dimension_keys").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day] })],
);

/** The hours whose root cause rollups were computed after the hour closed (only those are read instead of traces). */
export const rootCauseRollupHours = pgTable(
  "root_cause_rollup_hours",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    /** The metadata keys rolled up as dimensions in this hour (the project's keys when it was computed). */
    dimensionKeys: text("dimension_keys").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour] })],
);

/** The event rollups' columns after their time column (hourly and daily tiers). */
const eventRollupColumns = () => ({
  name: text("name").notNull(),
  thumbs: text("thumbs").notNull(),
  dimA: text("dim_a").notNull(),
  valueA: text("value_a").notNull(),
  dimB: text("dim_b").notNull(),
  valueB: text("value_b").notNull(),
  events: doublePrecision("events").notNull(),
});

/**
 * Root cause rollups of product events: per project, hour, event name and thumbs value ('up', 'down' or '' for events
 * without one), the events per plan, country or metadata (event property) value and value pair (dims ordered, unused
 * ones ''). Every event metric (sessions, messages, the event error rate, the feedback thumbs-down rate) is a count of
 * some names and thumbs values, so the project's metric roles can change without a recompute. Same hours and coverage
 * as the trace rollups (root_cause_rollup_hours).
 */
export const rootCauseEventRollups = pgTable(
  "root_cause_event_rollups",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    ...eventRollupColumns(),
  },
  (t) => [primaryKey({ name: "root_cause_event_rollups_pk", columns: [t.projectId, t.dimA, t.dimB, t.hour, t.name, t.thumbs, t.valueA, t.valueB] })],
);

/**
 * The daily tier of the event rollups: a UTC day's hourly event counts added up per name, thumbs value and segment.
 * Built with the trace rollups' day in one transaction (root_cause_rollup_days lists both); see
 * lib/insights/store/day-rollups.ts.
 */
export const rootCauseEventDayRollups = pgTable(
  "root_cause_event_day_rollups",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    day: timestamp("day", { withTimezone: true }).notNull(),
    ...eventRollupColumns(),
  },
  (t) => [primaryKey({ name: "root_cause_event_day_rollups_pk", columns: [t.projectId, t.dimA, t.dimB, t.day, t.name, t.thumbs, t.valueA, t.valueB] })],
);
