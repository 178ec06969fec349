import { bigint, boolean, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

const LEVELS = ["DEBUG", "DEFAULT", "WARNING", "ERROR"] as const;

/**
 * Traces left out by sampling, as summary rows: the columns cost boards and monitoring read (user, environment, time,
 * totals, latency, level) and none of the payload. Merged and rolled up exactly like `traces`
 * (lib/traces/store/write.ts), so totals stay exact at any sampling rate.
 */
export const sampledTraces = pgTable(
  "sampled_traces",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    userId: text("user_id"),
    sessionId: text("session_id"),
    environment: text("environment").notNull().default("default"),
    timestamp: timestamp("timestamp", { withTimezone: true, precision: 3 }).notNull(),
    hasRoot: boolean("has_root").notNull().default(false),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    totalTokens: bigint("total_tokens", { mode: "number" }).notNull().default(0),
    inputCost: doublePrecision("input_cost").notNull().default(0),
    outputCost: doublePrecision("output_cost").notNull().default(0),
    totalCost: doublePrecision("total_cost").notNull().default(0),
    latencyMs: doublePrecision("latency_ms"),
    level: text("level", { enum: LEVELS }).notNull().default("DEFAULT"),
    observationCount: integer("observation_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.id] }), index("sampled_traces_project_time_idx").on(t.projectId, t.timestamp), index("sampled_traces_project_user_idx").on(t.projectId, t.userId)],
);

/** The observations of sampled-out traces: timing, level, model, usage and cost only (no input, output or metadata). */
export const sampledObservations = pgTable(
  "sampled_observations",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    traceId: text("trace_id").notNull(),
    id: text("id").notNull(),
    type: text("type", { enum: ["span", "generation", "tool", "retrieval", "embedding", "agent", "event"] }).notNull(),
    name: text("name").notNull(),
    startTime: timestamp("start_time", { withTimezone: true, precision: 3 }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true, precision: 3 }),
    level: text("level", { enum: LEVELS }).notNull().default("DEFAULT"),
    model: text("model"),
    provider: text("provider"),
    usageInput: bigint("usage_input", { mode: "number" }),
    usageOutput: bigint("usage_output", { mode: "number" }),
    usageTotal: bigint("usage_total", { mode: "number" }),
    usageCacheRead: bigint("usage_cache_read", { mode: "number" }),
    usageCacheWrite: bigint("usage_cache_write", { mode: "number" }),
    costInput: doublePrecision("cost_input"),
    costOutput: doublePrecision("cost_output"),
    costCacheRead: doublePrecision("cost_cache_read"),
    costCacheWrite: doublePrecision("cost_cache_write"),
    costTotal: doublePrecision("cost_total"),
    costSource: text("cost_source", { enum: ["client", "computed"] }),
    priceId: text("price_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.traceId, t.id] }), index("sampled_observations_project_start_idx").on(t.projectId, t.startTime)],
);
