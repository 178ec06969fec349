import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { projects, users } from "./tenancy";
import { LEVELS, OBSERVATION_TYPES, observationUsageColumns, traceTotalsColumns } from "./trace-columns";

type Json = unknown;

/**
 * One trace per end-to-end request of the customer's product. Spans of a trace arrive across batches, so the
 * row is merged on every write (first non-null wins, the root span decides name and timestamp) and its totals
 * are re-derived from the trace's observations after each write.
 */
export const traces = pgTable(
  "traces",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name"),
    userId: text("user_id"),
    sessionId: text("session_id"),
    environment: text("environment").notNull().default("default"),
    release: text("release"),
    version: text("version"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** Root span start when the root has arrived, else the earliest span start seen. */
    timestamp: timestamp("timestamp", { withTimezone: true, precision: 3 }).notNull(),
    hasRoot: boolean("has_root").notNull().default(false),
    metadata: jsonb("metadata").$type<Record<string, Json>>().notNull().default(sql`'{}'::jsonb`),
    ...traceTotalsColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    // Ascending: a backward scan serves the list's default `timestamp desc, id desc` (the former DESC NULLS LAST
    // index could not, as `desc` means NULLS FIRST, so every first page sorted the whole project).
    index("traces_project_time_id_idx").on(t.projectId, t.timestamp, t.id),
    index("traces_project_user_time_idx").on(t.projectId, t.userId, t.timestamp),
    index("traces_project_session_time_idx").on(t.projectId, t.sessionId, t.timestamp),
    // The list's other sorts (lib/traces/store/list-traces.ts sorts by exactly these expressions, then id): without
    // them a first page sorted by latency sorted every trace of the project (175 ms at 1M traces).
    index("traces_project_latency_id_idx").on(t.projectId, sql`coalesce(${t.latencyMs}, -1)`, t.id),
    index("traces_project_cost_id_idx").on(t.projectId, t.totalCost, t.id),
    index("traces_project_tokens_id_idx").on(t.projectId, t.totalTokens, t.id),
  ],
);

/** Spans, generations, tool calls, retrievals... of a trace (append-mostly, high volume). */
export const observations = pgTable(
  "observations",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    traceId: text("trace_id").notNull(),
    id: text("id").notNull(),
    parentObservationId: text("parent_observation_id"),
    type: text("type", { enum: OBSERVATION_TYPES }).notNull(),
    name: text("name").notNull(),
    startTime: timestamp("start_time", { withTimezone: true, precision: 3 }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true, precision: 3 }),
    level: text("level", { enum: LEVELS }).notNull().default("DEFAULT"),
    statusMessage: text("status_message"),
    model: text("model"),
    provider: text("provider"),
    modelParameters: jsonb("model_parameters").$type<Record<string, Json>>(),
    ...observationUsageColumns(),
    input: jsonb("input").$type<Json>(),
    output: jsonb("output").$type<Json>(),
    metadata: jsonb("metadata").$type<Record<string, Json>>().notNull().default(sql`'{}'::jsonb`),
    events: jsonb("events").$type<{ name: string; time: string; attributes: Record<string, Json> }[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.traceId, t.id] }),
    index("observations_project_start_idx").on(t.projectId, t.startTime),
    // Partial: only model calls carry a model, and the model filter (model = $1) implies it is not null.
    index("observations_project_model_start_idx").on(t.projectId, t.model, t.startTime).where(sql`${t.model} is not null`),
  ],
);

/** Evaluations attached to a trace or one of its observations. */
export const scores = pgTable(
  "scores",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    traceId: text("trace_id").notNull(),
    observationId: text("observation_id"),
    name: text("name").notNull(),
    /** Numeric value; booleans are 0/1; categorical scores keep their label in string_value. */
    value: doublePrecision("value"),
    stringValue: text("string_value"),
    dataType: text("data_type", { enum: ["numeric", "boolean", "categorical"] }).notNull(),
    source: text("source", { enum: ["api", "human", "llm_judge", "code", "eval", "annotation"] }).notNull(),
    comment: text("comment"),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    timestamp: timestamp("timestamp", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("scores_project_trace_idx").on(t.projectId, t.traceId),
    index("scores_project_name_time_idx").on(t.projectId, t.name, t.timestamp),
  ],
);
