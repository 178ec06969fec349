// Online evaluation and human review (issue 20): evaluation rules that score a sample of new production traces with
// an existing evaluator, and annotation queues of traces that reviewers score by hand. Both write into `scores`.
import { sql } from "drizzle-orm";
import { bigserial, boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects, users } from "./tenancy";
import { datasetItems } from "./evaluation";
import { spectrumInsights } from "./spectrum";

/**
 * A rule: which traces (filter), how many (sample rate, caps), scored by which evaluator. The cursor is the last
 * trace (timestamp, id) the rule has examined; it moves in the same transaction as the scores it wrote.
 */
export const evaluationRules = pgTable(
  "evaluation_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** One evaluator config (lib/evaluation/evaluators/schema.ts); its name is the score name written. */
    evaluator: jsonb("evaluator").$type<Record<string, unknown>>().notNull(),
    filter: jsonb("filter").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    sampleRate: doublePrecision("sample_rate").notNull(),
    maxPerMinute: integer("max_per_minute").notNull(),
    maxCostUsdPerDay: doublePrecision("max_cost_usd_per_day"),
    enabled: boolean("enabled").notNull().default(true),
    cursorTimestamp: timestamp("cursor_timestamp", { withTimezone: true, precision: 3 }).notNull(),
    cursorTraceId: text("cursor_trace_id").notNull().default(""),
    scoredCount: integer("scored_count").notNull().default(0),
    /** The UTC day `scored_today` and `cost_today_usd` count for (YYYY-MM-DD). */
    day: text("day"),
    scoredToday: integer("scored_today").notNull().default(0),
    costTodayUsd: doublePrecision("cost_today_usd").notNull().default(0),
    /** The minute `scored_this_minute` counts for, so two runs in one minute share the rate cap. */
    minuteStart: timestamp("minute_start", { withTimezone: true }),
    scoredThisMinute: integer("scored_this_minute").notNull().default(0),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    /** Why the rule is not scoring right now (a cap reached), shown on the page; null while it runs normally. */
    status: text("status"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("evaluation_rules_project_name_idx").on(t.projectId, t.name)],
);

/** A review queue: its score configs (`[{ name, type, min?, max?, categories? }]`) and whether review is blinded. */
export const annotationQueues = pgTable(
  "annotation_queues",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    scoreConfigs: jsonb("score_configs").$type<unknown[]>().notNull(),
    blinded: boolean("blinded").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("annotation_queues_project_name_idx").on(t.projectId, t.name)],
);

/**
 * A trace, a dataset item or a Spectrum insight (exactly one) waiting for (or given) its review; erasing an end user
 * removes the items of their traces and, through the cascades, of their dataset items and insights.
 */
export const annotationQueueItems = pgTable(
  "annotation_queue_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    queueId: uuid("queue_id").notNull().references(() => annotationQueues.id, { onDelete: "cascade" }),
    traceId: text("trace_id"),
    datasetItemId: uuid("dataset_item_id").references(() => datasetItems.id, { onDelete: "cascade" }),
    /** A generated Spectrum insight (its text is read when reviewed; deleting the insight deletes the item). */
    insightId: uuid("insight_id").references(() => spectrumInsights.id, { onDelete: "cascade" }),
    /** The reviewer's scores of a dataset item or insight (a trace's go to `scores`, which needs a trace): `[{ name, value, stringValue, dataType }]`. */
    reviewScores: jsonb("review_scores").$type<unknown[]>(),
    /** What produced the reviewed insight (prompt, version, model), kept at review time for the per-version summary. */
    reviewContext: jsonb("review_context").$type<Record<string, unknown>>(),
    /** Insertion order: an unblinded queue is reviewed first in, first out. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: ["pending", "done"] }).notNull().default("pending"),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("annotation_queue_items_queue_trace_idx").on(t.queueId, t.traceId),
    uniqueIndex("annotation_queue_items_queue_dataset_item_idx").on(t.queueId, t.datasetItemId),
    uniqueIndex("annotation_queue_items_queue_insight_idx").on(t.queueId, t.insightId),
    check("annotation_queue_items_one_subject", sql`num_nonnulls(${t.traceId}, ${t.datasetItemId}, ${t.insightId}) = 1`),
    index("annotation_queue_items_project_trace_idx").on(t.projectId, t.traceId),
  ],
);
