import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
