import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const jobStatuses = ["queued", "running", "succeeded", "dead"] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** The job ledger: one row per (function, idempotency key), written in embedded and Inngest mode alike. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    functionId: text("function_id").notNull(),
    eventName: text("event_name").notNull(),
    /** The project a run works for; null for system-wide jobs such as housekeeping. */
    projectId: uuid("project_id"),
    idempotencyKey: text("idempotency_key").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    mode: text("mode", { enum: ["embedded", "inngest"] }).notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
    lastError: text("last_error"),
    result: jsonb("result"),
    replayOf: uuid("replay_of"),
    /** The API request (X-Request-Id) that requested the run, when one did; in its logs and the Jobs page. */
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("job_runs_function_key_idx").on(t.functionId, t.idempotencyKey),
    index("job_runs_status_run_after_idx").on(t.status, t.runAfter),
    index("job_runs_created_idx").on(t.createdAt),
  ],
);

/** Memoized step outputs: a retried run skips the steps that already succeeded (as Inngest does). */
export const jobSteps = pgTable(
  "job_steps",
  {
    runId: uuid("run_id").notNull().references(() => jobRuns.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    output: jsonb("output"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId] })],
);
