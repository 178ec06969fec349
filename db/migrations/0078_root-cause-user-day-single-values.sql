-- Issue 14: the per-user daily tiers keep a row per user, day and value of a dimension only where the user's day has
-- more than one value of it. A single-valued day's value row equals the user's day row, so the day row lists those
-- values instead (single_values: dimension -> its one value) and readers take it with that value. The days built
-- before this migration have every value row and no single_values, so they are dropped here and the rollups job
-- rebuilds them (as 0077 did). The tiers' index gains the value, so a read of a dimension's chosen values (the pair
-- pass's top values) is an index range; the day build stores each day's rows in (dim, value) order to match.
ALTER TABLE "root_cause_user_day_rollups" ADD COLUMN "single_values" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_user_event_day_rollups" ADD COLUMN "single_values" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
DROP INDEX "root_cause_user_day_rollups_day_idx";--> statement-breakpoint
CREATE INDEX "root_cause_user_day_rollups_day_idx" ON "root_cause_user_day_rollups" USING btree ("project_id","day","dim","value");--> statement-breakpoint
DROP INDEX "root_cause_user_event_day_rollups_day_idx";--> statement-breakpoint
CREATE INDEX "root_cause_user_event_day_rollups_day_idx" ON "root_cause_user_event_day_rollups" USING btree ("project_id","day","dim","value");--> statement-breakpoint
DELETE FROM "root_cause_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_event_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_user_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_user_event_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_rollup_days";
