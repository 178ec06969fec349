import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

// Spectrum: raw conversations (sessions, turns, feedback; retention-limited) and everything derived from them.
// Every table carries project_id and user_id so that deleting an end user removes raw and derived rows alike.

const project = () => uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" });
const ts = (name: string) => timestamp(name, { withTimezone: true });
/** The first columns of a user-scoped row with its own id: id, project, end user. */
const userRow = () => ({ id: uuid("id").primaryKey().defaultRandom(), projectId: project(), userId: text("user_id").notNull() });

/** A conversation of an end user with the customer's assistant. */
export const spectrumSessions = pgTable(
  "spectrum_sessions",
  {
    projectId: project(),
    id: text("id").notNull(),
    userId: text("user_id").notNull(),
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at"),
    completed: boolean("completed").notNull().default(false),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: ts("received_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.id] }), index("spectrum_sessions_user_time_idx").on(t.projectId, t.userId, t.startedAt)],
);

/** Raw turn text: kept only for the project's retention period (the housekeeping job trims it). */
export const spectrumTurns = pgTable(
  "spectrum_turns",
  {
    projectId: project(),
    id: text("id").notNull(),
    sessionId: text("session_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    text: text("text").notNull(),
    timestamp: ts("timestamp").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("spectrum_turns_user_time_idx").on(t.projectId, t.userId, t.timestamp),
    index("spectrum_turns_session_idx").on(t.projectId, t.sessionId, t.timestamp),
  ],
);

/** Explicit user feedback on a session or turn (thumbs, 1-5 rating, comment). */
export const spectrumFeedback = pgTable(
  "spectrum_feedback",
  {
    projectId: project(),
    id: text("id").notNull(),
    sessionId: text("session_id").notNull(),
    turnId: text("turn_id"),
    userId: text("user_id").notNull(),
    rating: integer("rating"),
    comment: text("comment"),
    timestamp: ts("timestamp").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.id] }), index("spectrum_feedback_user_time_idx").on(t.projectId, t.userId, t.timestamp)],
);

/** Derived: the emotion vector of each user turn and the impact of each assistant turn. */
export const spectrumTurnVectors = pgTable(
  "spectrum_turn_vectors",
  {
    projectId: project(),
    turnId: text("turn_id").notNull(),
    sessionId: text("session_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    timestamp: ts("timestamp").notNull(),
    /** User turns: their vector; assistant turns: null. */
    vector: jsonb("vector"),
    /** Assistant turns: the TurnImpact; user turns: null. */
    impact: jsonb("impact"),
    analysisVersion: text("analysis_version").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.turnId] }),
    index("spectrum_turn_vectors_user_time_idx").on(t.projectId, t.userId, t.timestamp),
    index("spectrum_turn_vectors_session_idx").on(t.projectId, t.sessionId),
  ],
);

/** Derived: one row per analysed session. */
export const spectrumSessionAggregates = pgTable(
  "spectrum_session_aggregates",
  {
    projectId: project(),
    sessionId: text("session_id").notNull(),
    userId: text("user_id").notNull(),
    startedAt: ts("started_at").notNull(),
    vector: jsonb("vector").notNull(),
    dominant: text("dominant").notNull(),
    dominantEmotions: jsonb("dominant_emotions").notNull(),
    patterns: jsonb("patterns").$type<string[]>().notNull(),
    userTurnCount: integer("user_turn_count").notNull(),
    analysisVersion: text("analysis_version").notNull(),
    computedAt: ts("computed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.sessionId] }), index("spectrum_session_aggs_user_time_idx").on(t.projectId, t.userId, t.startedAt)],
);

/** Derived: weekly and monthly per-user aggregates (PeriodAggregate from lib/spectrum). */
export const spectrumPeriodAggregates = pgTable(
  "spectrum_period_aggregates",
  {
    projectId: project(),
    userId: text("user_id").notNull(),
    granularity: text("granularity", { enum: ["week", "month"] }).notNull(),
    periodKey: text("period_key").notNull(),
    periodStart: ts("period_start").notNull(),
    periodEnd: ts("period_end").notNull(),
    sessionCount: integer("session_count").notNull(),
    /** Mean vector of the period's sessions (for charts). */
    meanVector: jsonb("mean_vector").notNull(),
    aggregate: jsonb("aggregate").notNull(),
    analysisVersion: text("analysis_version").notNull(),
    computedAt: ts("computed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId, t.granularity, t.periodKey] }),
    index("spectrum_period_aggs_user_time_idx").on(t.projectId, t.userId, t.periodStart),
  ],
);

/** Derived: generated insight text, with its prompt version, model and validation result. */
export const spectrumInsights = pgTable(
  "spectrum_insights",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: project(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: ["weekly", "monthly"] }).notNull(),
    periodKey: text("period_key").notNull(),
    periodStart: ts("period_start").notNull(),
    text: text("text").notNull(),
    promptName: text("prompt_name").notNull(),
    promptVersion: text("prompt_version").notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    /** { ok, attempts, rejected: [{ attempt, violations }] } */
    validation: jsonb("validation").notNull(),
    rejectedAttempts: integer("rejected_attempts").notNull().default(0),
    costUsd: doublePrecision("cost_usd").notNull().default(0),
    latencyMs: integer("latency_ms").notNull().default(0),
    analysisVersion: text("analysis_version").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("spectrum_insights_period_idx").on(t.projectId, t.userId, t.kind, t.periodKey),
    index("spectrum_insights_user_time_idx").on(t.projectId, t.userId, t.periodStart),
  ],
);

/** A user's exclusion of one session or a date range from their Spectrum. */
export const spectrumExclusions = pgTable(
  "spectrum_exclusions",
  {
    ...userRow(),
    sessionId: text("session_id"),
    fromAt: ts("from_at"),
    toAt: ts("to_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("spectrum_exclusions_user_time_idx").on(t.projectId, t.userId, t.createdAt)],
);

/** A user's Spectrum reset: nothing before `resetAt` counts any more. */
export const spectrumResets = pgTable(
  "spectrum_resets",
  {
    ...userRow(),
    resetAt: ts("reset_at").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("spectrum_resets_user_time_idx").on(t.projectId, t.userId, t.resetAt)],
);

/** Kinds of member engagement with their Spectrum page (no text, only what was done and when). */
export const spectrumEngagementKinds = ["page_view", "feed_open", "insight_expand", "teaser_view", "reset", "exclusion_add", "exclusion_remove"] as const;

/** Member engagement with Spectrum, for the admin engagement analytics (teaser conversion, retention). */
export const spectrumEngagementEvents = pgTable(
  "spectrum_engagement_events",
  {
    ...userRow(),
    kind: text("kind", { enum: spectrumEngagementKinds }).notNull(),
    occurredAt: ts("occurred_at").notNull().defaultNow(),
  },
  (t) => [
    index("spectrum_engagement_user_time_idx").on(t.projectId, t.userId, t.occurredAt),
    index("spectrum_engagement_kind_time_idx").on(t.projectId, t.kind, t.occurredAt),
  ],
);

/** An end user's browser push subscription for the weekly summary (web push, opt-in; removed when the push service
 * answers 404/410). The keys are the browser's public encryption keys, not secrets of ours. */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    ...userRow(),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("push_subscriptions_endpoint_idx").on(t.projectId, t.endpoint), index("push_subscriptions_user_idx").on(t.projectId, t.userId, t.createdAt)],
);

/** One weekly-summary push per user and week (the frequency cap): claimed before sending, so a rerun never resends. */
export const pushDeliveries = pgTable(
  "push_deliveries",
  {
    projectId: project(),
    userId: text("user_id").notNull(),
    periodKey: text("period_key").notNull(),
    sentAt: ts("sent_at").notNull().defaultNow(),
    /** Subscriptions the push service accepted / that were gone (404/410, removed) / that failed otherwise. */
    delivered: integer("delivered").notNull().default(0),
    expired: integer("expired").notNull().default(0),
    failed: integer("failed").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.periodKey] }), index("push_deliveries_user_time_idx").on(t.projectId, t.userId, t.sentAt)],
);
