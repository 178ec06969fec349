import { bigserial, doublePrecision, index, integer, json, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/**
 * Accepted, not yet merged span batches (lib/traces/ingest/pipeline.ts): one row per accepted request, holding the
 * rows it will upsert into traces and observations (validated, sampled, masked and priced at acceptance).
 * Append-only and indexed by its key alone, so acceptance costs one small insert; the merge deletes what it moves.
 */
export const ingestStaging = pgTable("ingest_staging", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  /** Observation rows in the payload (the backlog bound counts these). */
  spans: integer("spans").notNull(),
  traces: json("traces").$type<Record<string, unknown>[]>().notNull(),
  observations: json("observations").$type<Record<string, unknown>[]>().notNull(),
});

/** One row per merge transaction: its size, duration and the visibility lag (acceptance → readable) of what it moved. */
export const ingestMerges = pgTable(
  "ingest_merges",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mergedAt: timestamp("merged_at", { withTimezone: true }).notNull().defaultNow(),
    /** Staged rows (accepted requests) moved. */
    batches: integer("batches").notNull(),
    spans: integer("spans").notNull(),
    /** Spans the database refused at merge time (logged by trace id; their neighbours were stored). */
    refusedSpans: integer("refused_spans").notNull().default(0),
    durationMs: doublePrecision("duration_ms").notNull(),
    lagP50Ms: doublePrecision("lag_p50_ms").notNull(),
    lagP95Ms: doublePrecision("lag_p95_ms").notNull(),
    lagMaxMs: doublePrecision("lag_max_ms").notNull(),
  },
  (t) => [index("ingest_merges_merged_at_idx").on(t.mergedAt)],
);
