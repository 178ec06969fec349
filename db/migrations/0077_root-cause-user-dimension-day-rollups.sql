-- Issue 14: the per-user daily tier also holds, per user and UTC day, the sums of each value of each trace dimension
-- (model, environment, release, prompt version, trace name, observation and the rolled-up metadata keys): rows with
-- dim = '<dimension>' and value = '<value>' beside the user's total row (dim = value = ''), so a saved cohort paired
-- with a trace dimension is read as a split of these rows by membership instead of from the traces. The days built
-- before this migration have no such rows, so they are dropped here and the rollups job rebuilds them.
ALTER TABLE "root_cause_user_day_rollups" ADD COLUMN "dim" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_user_day_rollups" ADD COLUMN "value" text DEFAULT '' NOT NULL;--> statement-breakpoint
DROP INDEX "root_cause_user_day_rollups_day_idx";--> statement-breakpoint
CREATE INDEX "root_cause_user_day_rollups_day_idx" ON "root_cause_user_day_rollups" USING btree ("project_id","day","dim");--> statement-breakpoint
DELETE FROM "root_cause_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_event_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_user_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_rollup_days";
