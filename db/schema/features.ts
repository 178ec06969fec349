// The personalization feature store (issue 17): offline feature values with their event time (point-in-time history,
// lib/personalization/features/), and the parity checks between the online copy and these values.
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/**
 * One entity's values in one feature view as of `event_time`; a materialization adds a row per entity and changed
 * value set, older rows are pruned after the view's history window. `user_id` repeats the key for user entities, so
 * erasing an end user removes their feature values too.
 */
export const personalizationFeatureValues = pgTable(
  "personalization_feature_values",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    view: text("view").notNull(),
    entityKey: text("entity_key").notNull(),
    userId: text("user_id"),
    eventTime: timestamp("event_time", { withTimezone: true }).notNull(),
    values: jsonb("values").$type<Record<string, unknown>>().notNull(),
    materializedAt: timestamp("materialized_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.view, t.entityKey, t.eventTime] }),
    index("personalization_feature_values_view_time_idx").on(t.projectId, t.view, t.eventTime),
  ],
);

/** One parity check of a view: a sample of entities' online values against their latest offline values. */
export const personalizationFeatureParity = pgTable(
  "personalization_feature_parity",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    view: text("view").notNull(),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
    checked: integer("checked").notNull(),
    /** No online value at all. */
    missing: integer("missing").notNull(),
    /** An online value older than the latest offline one. */
    stale: integer("stale").notNull(),
    /** Same event time, different values. */
    mismatched: integer("mismatched").notNull(),
    diffRate: doublePrecision("diff_rate"),
    /** The newest offline event time of the view, and the oldest online event time among the checked entities. */
    offlineEventTime: timestamp("offline_event_time", { withTimezone: true }),
    oldestOnlineEventTime: timestamp("oldest_online_event_time", { withTimezone: true }),
  },
  (t) => [index("personalization_feature_parity_view_time_idx").on(t.projectId, t.view, t.checkedAt)],
);
