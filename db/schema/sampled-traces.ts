import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";
import { LEVELS, OBSERVATION_TYPES, observationUsageColumns, traceTotalsColumns } from "./trace-columns";

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
    ...traceTotalsColumns(),
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
    type: text("type", { enum: OBSERVATION_TYPES }).notNull(),
    name: text("name").notNull(),
    startTime: timestamp("start_time", { withTimezone: true, precision: 3 }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true, precision: 3 }),
    level: text("level", { enum: LEVELS }).notNull().default("DEFAULT"),
    model: text("model"),
    provider: text("provider"),
    ...observationUsageColumns(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.traceId, t.id] }), index("sampled_observations_project_start_idx").on(t.projectId, t.startTime)],
);
