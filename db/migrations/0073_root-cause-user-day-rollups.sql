-- Issue 14: the root cause rollups' daily tier per end user (the measures of root_cause_day_rollups per project, UTC
-- day and user), so saved cohorts (and plan, country) are read as a split of a few rows per user and day by the
-- cohort's current membership instead of from the traces. Built with the day's segment rows in one transaction; the
-- days built before this migration have no user rows, so they are dropped here and the rollups job rebuilds them
-- (it builds every whole, unbuilt day of its 30 days of history on each pass).
CREATE TABLE "root_cause_user_day_rollups" (LIKE "root_cause_day_rollups" INCLUDING DEFAULTS);--> statement-breakpoint
ALTER TABLE "root_cause_user_day_rollups" DROP COLUMN "dim_a", DROP COLUMN "value_a", DROP COLUMN "dim_b", DROP COLUMN "value_b", DROP COLUMN "dim_c", DROP COLUMN "value_c";--> statement-breakpoint
ALTER TABLE "root_cause_user_day_rollups" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "root_cause_user_day_rollups" ADD CONSTRAINT "root_cause_user_day_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "root_cause_user_day_rollups_day_idx" ON "root_cause_user_day_rollups" USING btree ("project_id","day");--> statement-breakpoint
DELETE FROM "root_cause_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_event_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_rollup_days";
