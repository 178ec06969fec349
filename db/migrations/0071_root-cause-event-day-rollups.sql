-- Issue 14: a daily tier of the root cause event rollups (the columns of root_cause_event_rollups, the hour a UTC day),
-- beside the trace rollups' daily tier of 0060: per project, day, event name, thumbs value and segment, the day's hourly
-- event counts added up. Built with the trace rows of the same day in one transaction, so root_cause_rollup_days lists
-- the days built for both grains. The days built before this migration get their event rows here, from their hours
-- (a listed day's 24 hours are all rolled up and unchanged since: any change to one drops the day).
CREATE TABLE "root_cause_event_day_rollups" (LIKE "root_cause_event_rollups" INCLUDING DEFAULTS);--> statement-breakpoint
ALTER TABLE "root_cause_event_day_rollups" RENAME COLUMN "hour" TO "day";--> statement-breakpoint
ALTER TABLE "root_cause_event_day_rollups" ADD CONSTRAINT "root_cause_event_day_rollups_pk" PRIMARY KEY("project_id","dim_a","dim_b","day","name","thumbs","value_a","value_b");--> statement-breakpoint
ALTER TABLE "root_cause_event_day_rollups" ADD CONSTRAINT "root_cause_event_day_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "root_cause_event_day_rollups" ("project_id", "day", "name", "thumbs", "dim_a", "value_a", "dim_b", "value_b", "events")
SELECT e."project_id", d."day", e."name", e."thumbs", e."dim_a", e."value_a", e."dim_b", e."value_b", sum(e."events")
FROM "root_cause_rollup_days" d
JOIN "root_cause_event_rollups" e ON e."project_id" = d."project_id" AND e."hour" >= d."day" AND e."hour" < d."day" + interval '1 day'
GROUP BY e."project_id", d."day", e."name", e."thumbs", e."dim_a", e."value_a", e."dim_b", e."value_b";
