// Personalization (issue 17): the item catalog, the feedback interactions it learns from, and trained model versions
// (item factors in the version row, user factors one row per user so that erasing a user removes theirs too).
import { sql } from "drizzle-orm";
import { boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";
import { experiments } from "./experiments";

/** Raw bytes (packed Float32 factors); PGlite gives a Uint8Array, postgres.js a Buffer (also a Uint8Array). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/** A catalog item: upserted by `item` batch items, the later timestamp wins. */
export const personalizationItems = pgTable(
  "personalization_items",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    kind: text("kind"),
    title: text("title"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
    creator: text("creator"),
    /** `{ name: number | string }`, for the content model. */
    attributes: jsonb("attributes").$type<Record<string, number | string>>().notNull().default(sql`'{}'::jsonb`),
    text: text("text"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** The timestamp of the batch item that last wrote the row (a replay of an older item changes nothing). */
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.itemId] })],
);

/** One feedback event of an end user on an item; keyed by the batch item id, so a replay changes nothing. */
export const personalizationInteractions = pgTable(
  "personalization_interactions",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    userId: text("user_id").notNull(),
    itemId: text("item_id").notNull(),
    type: text("type", { enum: ["view", "play", "click", "like", "skip", "dislike", "purchase", "rating"] }).notNull(),
    value: doublePrecision("value"),
    sessionId: text("session_id"),
    deviceType: text("device_type"),
    locale: text("locale"),
    schemaVersion: integer("schema_version").notNull().default(2),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    /** The recommendations response (personalization_impressions.id) this interaction came from, when the product says. */
    impressionId: uuid("impression_id"),
    /** Database time of the insert: the experiment results job finds clicks received since its last run. */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("personalization_interactions_project_user_time_idx").on(t.projectId, t.userId, t.occurredAt),
    index("personalization_interactions_project_time_idx").on(t.projectId, t.occurredAt),
    index("personalization_interactions_project_impression_idx").on(t.projectId, t.impressionId).where(sql`${t.impressionId} is not null`),
    index("personalization_interactions_received_brin_idx").using("brin", t.receivedAt).with({ autosummarize: true }),
  ],
);

/**
 * One recommendations response as served (POST /api/v1/recommendations): its id goes back to the product as
 * `impressionId`, and interactions that name it are its clicks, so click-through is measured per model version and
 * per experiment variant from real interactions. Carries user_id, so erasing the user removes it.
 */
export const personalizationImpressions = pgTable(
  "personalization_impressions",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    userId: text("user_id").notNull(),
    servedAt: timestamp("served_at", { withTimezone: true }).notNull(),
    modelVersion: integer("model_version").notNull(),
    /** The ranking experiment and variant the user was served under (null outside one). */
    experimentId: uuid("experiment_id").references(() => experiments.id, { onDelete: "set null" }),
    variantKey: text("variant_key"),
    /** The served item ids, in order. */
    itemIds: text("item_ids").array().notNull(),
    /** `{ collaborativeWeight, mmrLambda, source }`: the parameters the list was ranked with. */
    ranking: jsonb("ranking").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** Database time of the insert (the experiment results job's watermark). */
    loggedAt: timestamp("logged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("personalization_impressions_project_user_time_idx").on(t.projectId, t.userId, t.servedAt),
    index("personalization_impressions_project_time_idx").on(t.projectId, t.servedAt),
    index("personalization_impressions_logged_brin_idx").using("brin", t.loggedAt).with({ autosummarize: true }),
  ],
);

/** A trained model version: manifest, evaluation against the popularity baseline, and the item factors. */
export const personalizationModels = pgTable(
  "personalization_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    algorithm: text("algorithm").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** `{ users, items, interactions, dimension, sha256, params, trainingMs }` (lib/personalization/model.ts). */
    manifest: jsonb("manifest").$type<Record<string, unknown>>().notNull(),
    /** `{ model, popularity, ... }` on the time-based holdout (lib/personalization/evaluate.ts). */
    evaluation: jsonb("evaluation").$type<Record<string, unknown>>().notNull(),
    /** The version recommendations are served from; at most one per project (earlier ones stay for rollback). */
    promoted: boolean("promoted").notNull().default(false),
    /** When it was last promoted: the last version served before the current one is kept for rollback. */
    promotedAt: timestamp("promoted_at", { withTimezone: true }),
    /** Item ids in factor order, and their factors: Float32 little-endian, items × dimension. */
    itemIds: jsonb("item_ids").$type<string[]>().notNull(),
    itemFactors: bytea("item_factors").notNull(),
    /** Interaction counts per item in the training window, in item order (the cold-start popularity list). */
    itemPopularity: jsonb("item_popularity").$type<number[]>().notNull(),
    /** Catalog items with content vectors (cold-start items included), and the vectors: Float32, items × content dimension. */
    contentItemIds: jsonb("content_item_ids").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    contentVectors: bytea("content_vectors"),
  },
  (t) => [
    uniqueIndex("personalization_models_project_version_idx").on(t.projectId, t.version),
    uniqueIndex("personalization_models_promoted_idx").on(t.projectId).where(sql`${t.promoted}`),
  ],
);

/** One user's factors in one model version (Float32 little-endian); goes with the user on erasure. */
export const personalizationUserFactors = pgTable(
  "personalization_user_factors",
  {
    projectId: uuid("project_id").notNull(),
    modelId: uuid("model_id").notNull().references(() => personalizationModels.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    factors: bytea("factors").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.modelId, t.userId] })],
);

/**
 * Interactions refused because their item was not in the catalog yet: retried with backoff by the
 * personalization-feedback-retry job until the item arrives (recovered), the attempts run out (failed) or the row
 * expires. Carries user_id, so erasing the user removes it.
 */
export const personalizationDeadLetters = pgTable(
  "personalization_dead_letters",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    /** The batch item id (the interaction's id once stored). */
    id: text("id").notNull(),
    userId: text("user_id").notNull(),
    itemId: text("item_id").notNull(),
    /** The validated interaction body. */
    body: jsonb("body").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["pending", "recovered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("personalization_dead_letters_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/**
 * Persona suggestions served through POST /api/v1/personas/suggest: the top personas with their scaled signals and the
 * weights used, and the persona the product then accepted (with the user's rating, when sent). The weekly refit
 * learns the signal weights from them. Carries user_id, so erasing the user removes it.
 */
export const personaSuggestions = pgTable(
  "persona_suggestions",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    userId: text("user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    hour: integer("hour").notNull(),
    /** `[{ persona, score, signals: { history, fit, timeOfDay, engagement } }]`, best first, as served. */
    suggestions: jsonb("suggestions").$type<{ persona: string; score: number; signals: Record<string, number | null> }[]>().notNull(),
    weights: jsonb("weights").$type<Record<string, number>>().notNull(),
    acceptedPersona: text("accepted_persona"),
    /** The user's rating of the accepted persona's answer, 1..5. */
    rating: doublePrecision("rating"),
    feedbackAt: timestamp("feedback_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("persona_suggestions_project_user_time_idx").on(t.projectId, t.userId, t.createdAt),
    index("persona_suggestions_project_feedback_idx").on(t.projectId, t.feedbackAt).where(sql`${t.acceptedPersona} is not null`),
  ],
);

/** Every refit of a project's persona signal weights; the latest adopted one is in use (the prior otherwise). */
export const personaWeightFits = pgTable(
  "persona_weight_fits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    fittedAt: timestamp("fitted_at", { withTimezone: true }).notNull(),
    weights: jsonb("weights").$type<Record<string, number>>().notNull(),
    prior: jsonb("prior").$type<Record<string, number>>().notNull(),
    examples: integer("examples").notNull(),
    /** Holdout top-1 accuracy of the prior and the refit, and the log-likelihoods (lib/personalization/personas/refit.ts). */
    evaluation: jsonb("evaluation").$type<Record<string, unknown>>().notNull(),
    adopted: boolean("adopted").notNull(),
  },
  (t) => [index("persona_weight_fits_project_time_idx").on(t.projectId, t.fittedAt)],
);

/**
 * A project's personalization settings: ranking defaults for recommendations (`{ creatorCap?, recencyBoost?,
 * recencyHalfLifeDays? }`, lib/personalization/ranking-controls.ts) and its own static persona affinity table (null:
 * the shipped one, lib/personalization/personas/fallback.ts).
 */
export const personalizationSettings = pgTable("personalization_settings", {
  projectId: uuid("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  ranking: jsonb("ranking").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  personaFallback: jsonb("persona_fallback").$type<Record<string, unknown>>(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
