import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

// Users domain: identify items applied, trait history and the per-user preference profile. end_users itself lives in
// events.ts. Every table carries project_id and user_id, so the user erasure path (which finds tables by their user
// column) removes them.

const project = () => uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" });
const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Ledger of applied `identify` items: a replayed item id changes nothing. */
export const endUserIdentifies = pgTable(
  "end_user_identifies",
  {
    projectId: project(),
    id: text("id").notNull(),
    userId: text("user_id").notNull(),
    timestamp: ts("timestamp").notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.id] })],
);

/** One row per trait change: the value before and after, valid from the identify's timestamp. */
export const endUserTraitChanges = pgTable(
  "end_user_trait_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: project(),
    userId: text("user_id").notNull(),
    trait: text("trait").notNull(),
    oldValue: jsonb("old_value"),
    newValue: jsonb("new_value"),
    validFrom: ts("valid_from").notNull(),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
  },
  (t) => [index("end_user_trait_changes_user_trait_idx").on(t.projectId, t.userId, t.trait, t.validFrom)],
);

/** Derived by the profile job: activity counts and the preference profile (lib/users/profile.ts). */
export const endUserProfiles = pgTable(
  "end_user_profiles",
  {
    projectId: project(),
    userId: text("user_id").notNull(),
    computedAt: ts("computed_at").notNull(),
    eventCount: integer("event_count").notNull().default(0),
    sessionCount: integer("session_count").notNull().default(0),
    traceCount: integer("trace_count").notNull().default(0),
    costUsd: doublePrecision("cost_usd").notNull().default(0),
    engagementScore: integer("engagement_score").notNull().default(0),
    profile: jsonb("profile").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId] }),
    index("end_user_profiles_project_cost_idx").on(t.projectId, t.costUsd, t.userId),
    index("end_user_profiles_project_traces_idx").on(t.projectId, t.traceCount, t.userId),
  ],
);
