// Saved cohorts: a definition tree per cohort, its stored membership (refreshed by a job) and its size over time.
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

export const cohorts = pgTable(
  "cohorts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** A definition tree (lib/cohorts/definition.ts), validated before it is stored. */
    definition: jsonb("definition").$type<unknown>().notNull(),
    /** Members at the last refresh; null before the first one. */
    size: integer("size"),
    computedAt: timestamp("computed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("cohorts_project_idx").on(t.projectId, t.createdAt)],
);

/** Who is in a cohort now (an end user's row goes with the user on erasure: it has project_id and user_id). */
export const cohortMembers = pgTable(
  "cohort_members",
  {
    projectId: uuid("project_id").notNull(),
    cohortId: uuid("cohort_id").notNull().references(() => cohorts.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.cohortId, t.userId] }), index("cohort_members_project_user_idx").on(t.projectId, t.userId)],
);

/** A cohort's size each time a refresh changed it. */
export const cohortSizes = pgTable(
  "cohort_sizes",
  {
    projectId: uuid("project_id").notNull(),
    cohortId: uuid("cohort_id").notNull().references(() => cohorts.id, { onDelete: "cascade" }),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    size: integer("size").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.cohortId, t.computedAt] })],
);
