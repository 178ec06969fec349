-- Issue 14: a daily tier of the root cause trace rollups (the columns of root_cause_rollups, the hour a UTC day). Per
-- project, day and segment, the hourly rows of that day merged (sums added, latency sketches merged bucket by bucket),
-- built by the rollups job once all 24 hours of the day are rolled up after they closed with the same metadata keys;
-- an analysis reads whole days from here and only its edge hours from the hourly rows. root_cause_rollup_days lists
-- the days built; any change to one of a day's hours (recomputed, or marked stale by late data) removes the day until
-- the job rebuilds it.
CREATE TABLE "root_cause_day_rollups" (LIKE "root_cause_rollups" INCLUDING DEFAULTS);--> statement-breakpoint
ALTER TABLE "root_cause_day_rollups" RENAME COLUMN "hour" TO "day";--> statement-breakpoint
ALTER TABLE "root_cause_day_rollups" ADD CONSTRAINT "root_cause_day_rollups_pk" PRIMARY KEY("project_id","dim_a","dim_b","dim_c","day","value_a","value_b","value_c");
--> statement-breakpoint
CREATE TABLE "root_cause_rollup_days" (
	"project_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"dimension_keys" text[] NOT NULL,
	CONSTRAINT "root_cause_rollup_days_project_id_day_pk" PRIMARY KEY("project_id","day")
);
--> statement-breakpoint
ALTER TABLE "root_cause_day_rollups" ADD CONSTRAINT "root_cause_day_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_rollup_days" ADD CONSTRAINT "root_cause_rollup_days_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
