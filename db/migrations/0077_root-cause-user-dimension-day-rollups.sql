-- Issue 14: the per-user daily tier also holds, per user and UTC day, the sums of each value of each trace dimension
-- (model, environment, release, prompt version, trace name, observation and the rolled-up metadata keys): rows with
-- dim = '<dimension>' and value = '<value>' beside the user's total row (dim = value = ''), so a saved cohort paired
-- with a trace dimension is read as a split of these rows by membership instead of from the traces. And the event
-- grain's daily tier per user (root_cause_user_event_day_rollups: a UTC day's events counted per user, name and thumbs
-- value, and per value of each rolled-up metadata key), so event metrics by cohort are read from it instead of the
-- events. The days built before this migration have neither, so they are dropped here and the rollups job rebuilds them.
ALTER TABLE "root_cause_user_day_rollups" ADD COLUMN "dim" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_user_day_rollups" ADD COLUMN "value" text DEFAULT '' NOT NULL;--> statement-breakpoint
DROP INDEX "root_cause_user_day_rollups_day_idx";--> statement-breakpoint
CREATE INDEX "root_cause_user_day_rollups_day_idx" ON "root_cause_user_day_rollups" USING btree ("project_id","day","dim");--> statement-breakpoint
CREATE TABLE "root_cause_user_event_day_rollups" (
	"project_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"user_id" text,
	"name" text NOT NULL,
	"thumbs" text NOT NULL,
	"dim" text DEFAULT '' NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"events" double precision NOT NULL
);--> statement-breakpoint
ALTER TABLE "root_cause_user_event_day_rollups" ADD CONSTRAINT "root_cause_user_event_day_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "root_cause_user_event_day_rollups_day_idx" ON "root_cause_user_event_day_rollups" USING btree ("project_id","day","dim");--> statement-breakpoint
DELETE FROM "root_cause_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_event_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_user_day_rollups";--> statement-breakpoint
DELETE FROM "root_cause_rollup_days";
