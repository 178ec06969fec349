import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { EmotionScores } from "@/lib/spectrum/types";
import { projects } from "./tenancy";

/**
 * Sentiment of the end user's text in one trace (user messages of its input, feedback comments), written by the
 * `sentiment-analysis` job. One row per examined trace: a trace without user text gets a row with a null polarity,
 * so it is not examined again until it changes (more observations, a new comment). Erased with the user's traces.
 */
export const traceSentiment = pgTable(
  "trace_sentiment",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    traceId: text("trace_id").notNull(),
    /** The trace's timestamp, copied so the dashboard's trends read this table alone. */
    timestamp: timestamp("timestamp", { withTimezone: true, precision: 3 }).notNull(),
    /** In [-1, 1]; null when the trace had no user text to analyse. */
    polarity: doublePrecision("polarity"),
    label: text("label", { enum: ["negative", "neutral", "positive"] }),
    emotions: jsonb("emotions").$type<EmotionScores>(),
    /** Emotions past the analyzer's detection threshold (e.g. frustration). */
    detected: text("detected").array().notNull().default(sql`'{}'::text[]`),
    /** How many texts were analysed (user messages and feedback comments). */
    textCount: integer("text_count").notNull().default(0),
    analyzer: text("analyzer").notNull(),
    /** The trace's observation count when analysed: a trace that grew since is analysed again. */
    observationCount: integer("observation_count").notNull(),
    /** Its number of end-user feedback comments (scores of source "api" with a comment) when analysed: a new one triggers a rerun. */
    commentCount: integer("comment_count").notNull(),
    analyzedAt: timestamp("analyzed_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.traceId] }),
    index("trace_sentiment_project_time_idx").on(t.projectId, t.timestamp),
    index("trace_sentiment_project_label_idx").on(t.projectId, t.label),
  ],
);
