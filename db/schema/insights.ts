import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { monitoringAnomalies } from "./monitoring";
import { projects } from "./tenancy";

/** Per-project insight settings: the trace metadata keys root cause analysis treats as dimensions. */
export const insightSettings = pgTable("insight_settings", {
  projectId: uuid("project_id").primaryKey().references(() => projects.id, { onDelete: "cascade" }),
  dimensionKeys: text("dimension_keys").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The root cause of a detected anomaly, computed by the insights-root-cause job when the anomaly is first stored
 * (status "unsupported" with a reason for metrics it cannot explain, e.g. custom metrics).
 */
export const anomalyRootCauses = pgTable(
  "anomaly_root_causes",
  {
    anomalyId: uuid("anomaly_id").primaryKey().references(() => monitoringAnomalies.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["ready", "unsupported"] }).notNull(),
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("anomaly_root_causes_project_idx").on(t.projectId, t.computedAt)],
);
