// Churn prediction (issue 14): trained model versions (coefficients, standardisation, time-based evaluation) and the
// latest model's risk per end user (one row per user, so erasing the user removes their score and reasons too).
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/** One trained churn model of a project: what it learned and how it did against the recency baseline. */
export const churnModels = pgTable(
  "churn_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    trainedAt: timestamp("trained_at", { withTimezone: true }).notNull(),
    churnDays: integer("churn_days").notNull(),
    /** `{ features, intercept, coefficients, means, scales, lambda }` (lib/insights/churn/logistic.ts). */
    model: jsonb("model").$type<Record<string, unknown>>().notNull(),
    /** `{ auc, baselineAuc, users, churned, trainUsers, calibration, asOf }` of the backtest one period earlier. */
    evaluation: jsonb("evaluation").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("churn_models_project_trained_idx").on(t.projectId, t.trainedAt)],
);

/** An active user's churn risk under the project's latest model, with the features that raised it most. */
export const churnScores = pgTable(
  "churn_scores",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    modelId: uuid("model_id").notNull().references(() => churnModels.id, { onDelete: "cascade" }),
    risk: doublePrecision("risk").notNull(),
    /** `[{ feature, label, value, contribution }]`, largest contribution first. */
    reasons: jsonb("reasons").$type<Record<string, unknown>[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("churn_scores_project_risk_idx").on(t.projectId, t.risk, t.userId)],
);
