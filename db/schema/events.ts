import { sql } from "drizzle-orm";
import { bigint, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/** End users of the customer's product, identified by the customer's own id. */
export const endUsers = pgTable(
  "end_users",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    /** Well-known traits (identify); null until the product says. */
    plan: text("plan"),
    signupAt: timestamp("signup_at", { withTimezone: true }),
    country: text("country"),
    /** Masked by the project's PII rules before storage. */
    email: text("email"),
    /** Earliest and latest time of anything carrying this userId (events, traces, sessions, exposures, identify). */
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Database time of the last batch that carried this user: the profile job refreshes users active since its run. */
    activityReceivedAt: timestamp("activity_received_at", { withTimezone: true }),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /**
     * The latest churn model's risk (0-1), written with its churn_scores in the churn job's transaction; null when that
     * model did not score the user. Here so the Users list filters and sorts by it through end_users' own indexes.
     */
    churnRisk: doublePrecision("churn_risk"),
    /** Database time of the last write: the experiment results job finds users whose plan (cohort) changed. */
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId] }),
    index("end_users_project_updated_idx").on(t.projectId, t.updatedAt),
    // The other seen time after the keyset: the Users list checks a window on these indexes alone (0075, 0080).
    index("end_users_project_last_seen_idx").on(t.projectId, t.lastSeenAt, t.userId, t.firstSeenAt),
    index("end_users_project_first_seen_idx").on(t.projectId, t.firstSeenAt, t.userId, t.lastSeenAt),
    // The Users list's churn-risk sort, and its high-risk filter under the seen sorts (0076). The literal is
    // HIGH_CHURN_RISK (lib/insights/churn/features.ts; tests/users-list-churn-risk.test.ts holds them equal).
    index("end_users_project_churn_risk_idx").on(t.projectId, t.churnRisk, t.userId).where(sql`${t.churnRisk} is not null`),
    index("end_users_high_risk_last_seen_idx").on(t.projectId, t.lastSeenAt, t.userId, t.firstSeenAt).where(sql`${t.churnRisk} >= 0.5`),
    index("end_users_high_risk_first_seen_idx").on(t.projectId, t.firstSeenAt, t.userId, t.lastSeenAt).where(sql`${t.churnRisk} >= 0.5`),
  ],
);

/**
 * Raw product events (append-mostly, indexed by time; the retention job trims them). Partitioned by UTC week on
 * `timestamp` (migration 0079, not expressible here): the key holds the partition key, and ingest keeps one row per
 * (project, id) by skipping ids already stored (lib/ingest/event-type.ts).
 */
export const events = pgTable(
  "events",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    userId: text("user_id"),
    sessionId: text("session_id"),
    name: text("name").notNull(),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id, t.timestamp] }),
    index("events_project_time_idx").on(t.projectId, t.timestamp),
    index("events_project_user_time_idx").on(t.projectId, t.userId, t.timestamp),
    // Tiny and nearly free on insert (rows arrive in received order): lets the experiment results job find the
    // events received since its last run without a scan (lib/experiments/store/unit-values.ts).
    index("events_received_brin_idx").using("brin", t.receivedAt).with({ autosummarize: true }),
  ],
);

/** A PostgreSQL `bit varying`, read and written as its text of 0s and 1s. */
const bitVarying = customType<{ data: string; driverData: string }>({ dataType: () => "bit varying" });

/**
 * Day bitmaps of product events (migration 0053): per project, event name and end user, bit i of `days` is set when
 * the user did the event on UTC day `firstDay + i` (days from Monday 1900-01-01). Maintained by a statement trigger on
 * `events` inserts; retention, stickiness and lifecycle read it (lib/user-insights/store/day-bits.ts). Derived data:
 * it outlives the raw events the retention job trims, and goes with the user on erasure.
 */
export const userEventDays = pgTable(
  "user_event_days",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    userId: text("user_id").notNull(),
    firstDay: integer("first_day").notNull(),
    days: bitVarying("days").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
    events: bigint("events", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.name, t.userId] }), index("user_event_days_project_user_idx").on(t.projectId, t.userId)],
);

/**
 * Event times of the same rollup (migration 0062), in chunks per project, event name and end user: chunk c takes the
 * batches that arrive while the user's count of the name is in [128 c, 128 (c + 1)), so an insert rewrites one chunk
 * of bounded size instead of the user's whole history. Kept by the same trigger; the funnel reads the chunks that
 * overlap its range; erased with the user.
 */
export const userEventTimes = pgTable(
  "user_event_times",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    userId: text("user_id").notNull(),
    chunk: integer("chunk").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
    /** Microseconds since 1970, sorted within the chunk (migration 0066; SQL binary-searches them with width_bucket). */
    times: doublePrecision("times").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.name, t.userId, t.chunk] }), index("user_event_times_project_user_idx").on(t.projectId, t.userId)],
);
