// The evaluation loop's tables: prompts with immutable versions and movable labels, versioned datasets, and runs
// that record each item's output and evaluator scores (issue 20).
import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects, users } from "./tenancy";

type Json = unknown;

/** A named prompt of a project; its content lives in immutable versions. */
export const prompts = pgTable(
  "prompts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("prompts_project_name_idx").on(t.projectId, t.name)],
);

/** One version of a prompt: never updated; a change is a new version. */
export const promptVersions = pgTable(
  "prompt_versions",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    promptId: uuid("prompt_id").notNull().references(() => prompts.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    type: text("type", { enum: ["text", "chat"] }).notNull(),
    /** A string (text prompts) or `[{ role, content }]` (chat prompts). */
    prompt: jsonb("prompt").$type<Json>().notNull(),
    /** Model and parameters, e.g. `{ model, temperature }`. */
    config: jsonb("config").$type<Record<string, Json>>().notNull().default(sql`'{}'::jsonb`),
    variables: text("variables").array().notNull().default(sql`'{}'::text[]`),
    commitMessage: text("commit_message"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdByApiKey: uuid("created_by_api_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.promptId, t.version] })],
);

/** Labels (`production`, `staging`, any custom) point at one version each and move between versions. */
export const promptLabels = pgTable(
  "prompt_labels",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    promptId: uuid("prompt_id").notNull().references(() => prompts.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    version: integer("version").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.promptId, t.label] })],
);

/** A dataset; `version` counts its changes so a run records exactly which items it used. */
export const datasets = pgTable(
  "datasets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    version: integer("version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("datasets_project_name_idx").on(t.projectId, t.name)],
);

/** An item is live from `added_in_version` until `removed_in_version` (exclusive); items are never edited. */
export const datasetItems = pgTable(
  "dataset_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    datasetId: uuid("dataset_id").notNull().references(() => datasets.id, { onDelete: "cascade" }),
    input: jsonb("input").$type<Json>().notNull(),
    expectedOutput: jsonb("expected_output").$type<Json>(),
    metadata: jsonb("metadata").$type<Record<string, Json>>().notNull().default(sql`'{}'::jsonb`),
    sourceTraceId: text("source_trace_id"),
    /** The end user of the source trace: the user erasure path (a `user_id` column) removes the item with them. */
    userId: text("user_id"),
    addedInVersion: integer("added_in_version").notNull(),
    /** Order within the version that added it (an upload keeps its file's order). */
    position: integer("position").notNull().default(0),
    removedInVersion: integer("removed_in_version"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("dataset_items_dataset_version_idx").on(t.datasetId, t.addedInVersion),
    index("dataset_items_project_user_idx").on(t.projectId, t.userId),
  ],
);

/** A run over a dataset version: client-given outputs or a prompt version executed by a job. */
export const datasetRuns = pgTable(
  "dataset_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    datasetId: uuid("dataset_id").notNull().references(() => datasets.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    datasetVersion: integer("dataset_version").notNull(),
    promptId: uuid("prompt_id").references(() => prompts.id, { onDelete: "set null" }),
    promptVersion: integer("prompt_version"),
    evaluators: jsonb("evaluators").$type<Json[]>().notNull(),
    /** A prompt run fails once its provider cost passes this (USD). */
    maxCostUsd: doublePrecision("max_cost_usd"),
    status: text("status", { enum: ["queued", "running", "completed", "failed"] }).notNull(),
    error: text("error"),
    itemCount: integer("item_count").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("dataset_runs_dataset_name_idx").on(t.datasetId, t.name)],
);

/** One item's output in a run and its evaluator scores (`{ [evaluatorName]: number | null }`). */
export const datasetRunItems = pgTable(
  "dataset_run_items",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    runId: uuid("run_id").notNull().references(() => datasetRuns.id, { onDelete: "cascade" }),
    itemId: uuid("item_id").notNull().references(() => datasetItems.id, { onDelete: "cascade" }),
    output: jsonb("output").$type<Json>(),
    latencyMs: doublePrecision("latency_ms"),
    costUsd: doublePrecision("cost_usd"),
    /** What the run's LLM judge cost on this item (provider judges only); counts toward the run's cost cap. */
    judgeCostUsd: doublePrecision("judge_cost_usd"),
    scores: jsonb("scores").$type<Record<string, number | null>>().notNull().default(sql`'{}'::jsonb`),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.itemId] })],
);
