-- Issue 13: each end user's current churn risk on end_users (the churn job writes it in the transaction that writes
-- churn_scores; null when unscored), so the Users list's high-risk filter and churn-risk sort are ranges of end_users'
-- own indexes: the high-risk users in last/first seen order are a partial index each (0.5 is HIGH_CHURN_RISK), where
-- the join to churn_scores read and sorted every high-risk user (16-17x a primary-key page at 1M users).
ALTER TABLE "end_users" ADD COLUMN "churn_risk" double precision;--> statement-breakpoint
UPDATE "end_users" eu SET "churn_risk" = cs."risk" FROM "churn_scores" cs WHERE cs."project_id" = eu."project_id" AND cs."user_id" = eu."user_id";--> statement-breakpoint
CREATE INDEX "end_users_project_churn_risk_idx" ON "end_users" USING btree ("project_id","churn_risk","user_id") WHERE "end_users"."churn_risk" is not null;--> statement-breakpoint
CREATE INDEX "end_users_high_risk_last_seen_idx" ON "end_users" USING btree ("project_id","last_seen_at","user_id","first_seen_at") WHERE "end_users"."churn_risk" >= 0.5;--> statement-breakpoint
CREATE INDEX "end_users_high_risk_first_seen_idx" ON "end_users" USING btree ("project_id","first_seen_at","user_id") WHERE "end_users"."churn_risk" >= 0.5;
