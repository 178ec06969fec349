import { sql } from "drizzle-orm";
import { date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/**
 * A project's event catalog (lib/catalog): its contract mode and event definitions, stored as one document because
 * it is read and replaced whole (YAML import/export). Metric roles are the events' `role` fields. A project without a row has mode `off` and no events.
 */
export const eventCatalogs = pgTable("event_catalogs", {
  projectId: uuid("project_id").primaryKey().references(() => projects.id, { onDelete: "cascade" }),
  mode: text("mode", { enum: ["off", "warn", "enforce"] }).notNull().default("off"),
  events: jsonb("events").$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Per project, UTC day and event name: how many events ingest stored, how many broke their schema (stored in warn,
 * refused in enforce), how many had a name the catalog lacks, and the last violation messages (property names and
 * schema rules only, never values). Counted while the mode is warn or enforce; no user column, nothing to erase.
 */
export const eventQualityDaily = pgTable(
  "event_quality_daily",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    name: text("name").notNull(),
    volume: integer("volume").notNull().default(0),
    violations: integer("violations").notNull().default(0),
    refused: integer("refused").notNull().default(0),
    unknown: integer("unknown").notNull().default(0),
    lastViolations: text("last_violations").array().notNull().default(sql`'{}'::text[]`),
    lastViolationAt: timestamp("last_violation_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ name: "event_quality_daily_pk", columns: [t.projectId, t.day, t.name] })],
);
