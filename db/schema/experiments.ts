import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { projects, users } from "./tenancy";
import type {
  ExperimentStatus,
  ExperimentVariant,
  Guardrail,
  MetricDefinition,
  Targeting,
} from "@/lib/experiments/definition";
import type { ExperimentResultsSnapshot } from "@/lib/experiments/results-types";

/** A/B experiments on prompts, models and parameters; `key` is what the product sends to the assign endpoint. */
export const experiments = pgTable(
  "experiments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    hypothesis: text("hypothesis").notNull().default(""),
    status: text("status", { enum: ["draft", "running", "paused", "stopped"] }).$type<ExperimentStatus>().notNull().default("draft"),
    variants: jsonb("variants").$type<ExperimentVariant[]>().notNull(),
    coverage: doublePrecision("coverage").notNull().default(1),
    seed: text("seed").notNull(),
    namespace: jsonb("namespace").$type<{ id: string; start: number; end: number } | null>(),
    goalMetrics: jsonb("goal_metrics").$type<MetricDefinition[]>().notNull(),
    guardrails: jsonb("guardrails").$type<Guardrail[]>().notNull().default(sql`'[]'::jsonb`),
    targeting: jsonb("targeting").$type<Targeting>().notNull().default(sql`'{}'::jsonb`),
    engine: text("engine", { enum: ["frequentist", "sequential", "bayesian"] }).notNull().default("frequentist"),
    alpha: doublePrecision("alpha").notNull().default(0.05),
    correction: text("correction", { enum: ["holm", "benjamini-hochberg", "none"] }).notNull().default("holm"),
    autoStop: boolean("auto_stop").notNull().default(false),
    /** Consecutive results checks in which a guardrail was breached (reset by a clean check). */
    breachStreak: integer("breach_streak").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    stoppedReason: text("stopped_reason"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("experiments_project_key_idx").on(t.projectId, t.key),
    index("experiments_project_status_idx").on(t.projectId, t.status),
  ],
);

/**
 * First exposure of a user to a variant. Unique per experiment + user + variant, so logging is idempotent and a
 * user who was served two variants (weights changed, client bug) shows up as two rows and is excluded from analysis.
 */
export const experimentExposures = pgTable(
  "experiment_exposures",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    experimentId: uuid("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    variantKey: text("variant_key").notNull(),
    firstExposedAt: timestamp("first_exposed_at", { withTimezone: true }).notNull(),
    /** Database time of the insert: the results job's watermark finds exposures logged since its last run. */
    loggedAt: timestamp("logged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("experiment_exposures_unique_idx").on(t.experimentId, t.userId, t.variantKey),
    index("experiment_exposures_project_user_time_idx").on(t.projectId, t.userId, t.firstExposedAt),
    // The results job's "logged since the last run / exposed since the last `until`" lookup (unit-values.ts); BRIN
    // because rows arrive in time order, so it stays tiny and costs the assign path next to nothing. autosummarize:
    // new page ranges are summarized as they fill, not only at the next vacuum (an unsummarized range always matches).
    index("experiment_exposures_times_brin_idx").using("brin", t.loggedAt, t.firstExposedAt).with({ autosummarize: true }),
  ],
);

/**
 * Per-user metric values of an experiment as of the results job's last run (lib/experiments/store/unit-values.ts): each
 * run recomputes only the users whose inputs changed, then aggregates these rows instead of re-reading every event.
 * `variantKey` is null for a user exposed to more than one variant (counted, excluded from the analysis).
 * `metricValues` holds, per metric i (in the state's signature order), y at [2i + 1] and the denominator at [2i + 2].
 */
export const experimentUnitValues = pgTable(
  "experiment_unit_values",
  {
    // No foreign keys: their per-row checks would triple the cost of a full rebuild (1M rows); the rows are derived,
    // deleted with the user (lib/spectrum/store/delete-user.ts finds the table by its user column) and replaced on
    // every rebuild. experiment_unit_state (which does cascade) says whether they are current.
    projectId: uuid("project_id").notNull(),
    experimentId: uuid("experiment_id").notNull(),
    userId: text("user_id").notNull(),
    variantKey: text("variant_key"),
    /** end_users.plan when the row was computed ("unknown" without a profile); a plan change makes the user dirty. */
    cohort: text("cohort").notNull(),
    firstExposedAt: timestamp("first_exposed_at", { withTimezone: true }).notNull(),
    metricValues: doublePrecision("metric_values").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.userId] })],
);

/**
 * Sums of experiment_unit_values per variant and cohort, changed by the same statements that change those rows
 * (lib/experiments/store/unit-values.ts: a refresh applies new minus old values, an erasure subtracts the user's), so the
 * results job reads a few rows instead of aggregating a million. Row 0 of a (variant, cohort) counts users; row i
 * holds metric i's n, Σy, Σy², Σd, Σd², Σyd (doubles, as in the full computation: each change adds its own rounding,
 * about 1e-16 of the sums, and the daily rebuild starts them afresh). A null variant_key counts users exposed to more
 * than one variant.
 */
export const experimentUnitTotals = pgTable(
  "experiment_unit_totals",
  {
    projectId: uuid("project_id").notNull(),
    experimentId: uuid("experiment_id").notNull(),
    variantKey: text("variant_key"),
    cohort: text("cohort").notNull(),
    metricIndex: integer("metric_index").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
    sy: doublePrecision("sy").notNull(),
    syy: doublePrecision("syy").notNull(),
    sd: doublePrecision("sd").notNull(),
    sdd: doublePrecision("sdd").notNull(),
    syd: doublePrecision("syd").notNull(),
  },
  (t) => [unique("experiment_unit_totals_key").on(t.experimentId, t.variantKey, t.cohort, t.metricIndex).nullsNotDistinct()],
);

/** What experiment_unit_values was computed for: metric definitions, `until`, and the database-time watermark. */
export const experimentUnitState = pgTable("experiment_unit_state", {
  experimentId: uuid("experiment_id")
    .primaryKey()
    .references(() => experiments.id, { onDelete: "cascade" }),
  projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
  signature: text("signature").notNull(),
  until: timestamp("until", { withTimezone: true }).notNull(),
  watermark: timestamp("watermark", { withTimezone: true }).notNull(),
  rebuiltAt: timestamp("rebuilt_at", { withTimezone: true }).notNull(),
});

/** The latest computed results of an experiment (the results job rewrites it; pages read it, never raw events). */
export const experimentResults = pgTable(
  "experiment_results",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    experimentId: uuid("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    srmFlagged: boolean("srm_flagged").notNull(),
    guardrailBreached: boolean("guardrail_breached").notNull(),
    snapshot: jsonb("snapshot").$type<ExperimentResultsSnapshot>().notNull(),
  },
  (t) => [uniqueIndex("experiment_results_experiment_idx").on(t.experimentId), index("experiment_results_project_idx").on(t.projectId)],
);

/** One row per guardrail × variant found breached by a results check. */
export const experimentGuardrailBreaches = pgTable(
  "experiment_guardrail_breaches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    experimentId: uuid("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    metricKey: text("metric_key").notNull(),
    variantKey: text("variant_key").notNull(),
    lift: doublePrecision("lift"),
    /** The bound of the sequential interval nearest to zero. */
    bound: doublePrecision("bound"),
    threshold: doublePrecision("threshold").notNull(),
    /** Consecutive breached checks when this row was written (1 = first notice). */
    streak: integer("streak").notNull(),
    detectedAt: timestamp("detected_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("experiment_breaches_experiment_time_idx").on(t.projectId, t.experimentId, t.detectedAt)],
);

/**
 * Messages to an experiment's owner (its creator): a first guardrail breach (the review gate's notice; an admin
 * confirms a stop, or auto-stop acts after the next breached check) and an auto-stop. Shown on the experiment's page
 * and counted in the list until acknowledged.
 */
export const experimentNotifications = pgTable(
  "experiment_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    experimentId: uuid("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    recipientUserId: uuid("recipient_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: ["guardrail_breached", "auto_stopped"] }).notNull(),
    message: text("message").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
  },
  (t) => [index("experiment_notifications_experiment_time_idx").on(t.projectId, t.experimentId, t.createdAt)],
);

/**
 * The cumulative results as of each UTC day, one row per goal metric × treatment, written by every results run (the
 * day's row is overwritten by later runs that day). Drawn as the lift over time with its sequential interval, which
 * stays valid however often it is looked at.
 */
export const experimentDailyResults = pgTable(
  "experiment_daily_results",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    experimentId: uuid("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    /** UTC day, YYYY-MM-DD. */
    day: text("day").notNull(),
    metricKey: text("metric_key").notNull(),
    variantKey: text("variant_key").notNull(),
    /** Users in the treatment and in the control so far. */
    n: integer("n").notNull(),
    controlN: integer("control_n").notNull(),
    lift: doublePrecision("lift"),
    lower: doublePrecision("lower"),
    upper: doublePrecision("upper"),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("experiment_daily_results_unique_idx").on(t.experimentId, t.day, t.metricKey, t.variantKey),
    index("experiment_daily_results_project_idx").on(t.projectId, t.experimentId),
  ],
);
