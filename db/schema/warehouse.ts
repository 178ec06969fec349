import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/** One file of the warm (Parquet) or cold (archive) tier: what it holds, where, and its checksum. */
export const storageManifest = pgTable(
  "storage_manifest",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    /** The hot table the rows came from (e.g. `events`). */
    tableName: text("table_name").notNull(),
    /** The UTC day the rows belong to (the `event_date` partition). */
    eventDate: date("event_date", { mode: "string" }).notNull(),
    tier: text("tier").$type<"warm" | "cold">().notNull(),
    /** Relative to the warehouse root (PRISM_WAREHOUSE_URL). */
    path: text("path").notNull(),
    rows: integer("rows").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /**
     * A fingerprint of the day's hot rows when it was last exported (count and a sum of per-row hashes), so a day whose
     * contents changed with the same row count is rewritten. Null for rows written before it existed (rows compared).
     */
    contentHash: text("content_hash"),
    /** Which retention period applies: `analytics` (warm, projects.warm_retention_days) or `raw-payload` (cold). */
    retentionClass: text("retention_class").$type<"analytics" | "raw-payload">().notNull().default("analytics"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("storage_manifest_file_idx").on(t.projectId, t.tableName, t.tier, t.eventDate),
    check("storage_manifest_tier_check", sql`${t.tier} in ('warm', 'cold')`),
  ],
);

/** Which end users each manifest file holds: erasure rewrites only those files (and removes these rows with the user). */
export const storageManifestUsers = pgTable(
  "storage_manifest_users",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    fileId: uuid("file_id").notNull().references(() => storageManifest.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.fileId] }), index("storage_manifest_users_file_idx").on(t.fileId)],
);
