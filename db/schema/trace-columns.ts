import { bigint, doublePrecision, integer, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Column sets that a trace (or observation) and its sampled-out summary share, so the two tables cannot drift apart:
 * cost boards and monitoring read both with the same expressions. Functions, not objects: Drizzle wants fresh column
 * builders per table.
 */
export const LEVELS = ["DEBUG", "DEFAULT", "WARNING", "ERROR"] as const;
export const OBSERVATION_TYPES = ["span", "generation", "tool", "retrieval", "embedding", "agent", "event"] as const;

/** A trace's totals rolled up from its observations (lib/traces/store/rollup.ts), then timing and severity. */
export function traceTotalsColumns() {
  return {
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    totalTokens: bigint("total_tokens", { mode: "number" }).notNull().default(0),
    inputCost: doublePrecision("input_cost").notNull().default(0),
    outputCost: doublePrecision("output_cost").notNull().default(0),
    totalCost: doublePrecision("total_cost").notNull().default(0),
    /** Earliest start to latest end over all observations, in milliseconds. */
    latencyMs: doublePrecision("latency_ms"),
    /** The most severe observation level (DEBUG < DEFAULT < WARNING < ERROR). */
    level: text("level", { enum: LEVELS }).notNull().default("DEFAULT"),
    observationCount: integer("observation_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  };
}

/** An observation's token usage and its cost (client-sent or priced at ingest). */
export function observationUsageColumns() {
  return {
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
    /** "client" when the span carried its cost, "computed" when priced at ingest. */
    costSource: text("cost_source", { enum: ["client", "computed"] }),
    priceId: text("price_id"),
  };
}
