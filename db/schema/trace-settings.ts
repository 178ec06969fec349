import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/**
 * Per-project tracing settings applied at ingest (OTLP and batch alike). A project without a row uses the
 * defaults: keep every trace, all built-in masking rules on, no custom patterns, payloads kept.
 */
export const traceSettings = pgTable("trace_settings", {
  projectId: uuid("project_id").primaryKey().references(() => projects.id, { onDelete: "cascade" }),
  /** Fraction of traces kept, decided by trace id. */
  sampleRate: doublePrecision("sample_rate").notNull().default(1),
  maskingEnabled: boolean("masking_enabled").notNull().default(true),
  /** Built-in rule id → on/off; a missing rule is on. */
  maskingRules: jsonb("masking_rules").$type<Record<string, boolean>>().notNull().default(sql`'{}'::jsonb`),
  customPatterns: jsonb("custom_patterns").$type<{ label: string; pattern: string; flags?: string }[]>().notNull().default(sql`'[]'::jsonb`),
  dropPayloads: boolean("drop_payloads").notNull().default(false),
  /** Trace metadata key whose value names the persona that answered (user preference profiles); fallback: trace name. */
  personaDimension: text("persona_dimension").notNull().default("persona"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Project model prices; any matching override wins over the shipped defaults. Several rows may share a price id over time. */
export const modelPriceOverrides = pgTable(
  "model_price_overrides",
  {
    rowId: uuid("row_id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    priceId: text("price_id").notNull(),
    provider: text("provider"),
    modelPattern: text("model_pattern").notNull(),
    inputPerToken: doublePrecision("input_per_token").notNull(),
    outputPerToken: doublePrecision("output_per_token").notNull(),
    cacheReadPerToken: doublePrecision("cache_read_per_token"),
    cacheWritePerToken: doublePrecision("cache_write_per_token"),
    inputIncludesCache: boolean("input_includes_cache").notNull().default(false),
    effectiveFrom: timestamp("effective_from", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("model_price_overrides_project_price_from_idx").on(t.projectId, t.priceId, t.effectiveFrom)],
);

/** One row per LLM call Prism itself makes (narratives, insights), next to the trace recorded for it. */
export const apiCallsLog = pgTable(
  "api_calls_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    /** Prompt name and version, e.g. "spectrum-insight@v2". */
    prompt: text("prompt"),
    traceId: text("trace_id"),
    latencyMs: doublePrecision("latency_ms").notNull(),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    costUsd: doublePrecision("cost_usd"),
    outcome: text("outcome", { enum: ["ok", "error"] }).notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_calls_log_project_time_idx").on(t.projectId, t.createdAt)],
);
