import { sql } from "drizzle-orm";
import { boolean, doublePrecision, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/**
 * What the browser telemetry client (/sdk/prism.js) of a project obeys; a project without a row uses the defaults:
 * no consent required, UI events kept at 20%, no burst, any origin.
 */
export const browserSdkSettings = pgTable("browser_sdk_settings", {
  projectId: uuid("project_id").primaryKey().references(() => projects.id, { onDelete: "cascade" }),
  requireConsent: boolean("require_consent").notNull().default(false),
  /** Share of UI events kept when the catalog names no rate for the event. */
  uiSampleRate: doublePrecision("ui_sample_rate").notNull().default(0.2),
  /** Until then every event is kept ("burst to 100%" during an incident). */
  burstUntil: timestamp("burst_until", { withTimezone: true }),
  /** Origins (scheme://host[:port]) whose pages may send with the public key; empty: any. */
  allowedOrigins: jsonb("allowed_origins").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
