-- Issue 14: root cause rollups for every metric. The trace rollups gain the thumbs ratings of each row's traces
-- (votes, downs and their second moments) and a latency sketch (log buckets of 2% relative error: bucket indexes and
-- counts, sparse); an hour's row records which metadata keys it rolled up as dimensions; product events get their own
-- rollups (per hour, event name, thumbs value and plan/country/metadata value or value pair). Rows written before this
-- migration have none of the new sums, so every hour is marked as never rolled up (read from the raw rows until the
-- rollups job recomputes it).
ALTER TABLE "root_cause_rollups" ADD COLUMN "votes" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_rollups" ADD COLUMN "votes2" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_rollups" ADD COLUMN "downs" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_rollups" ADD COLUMN "downs2" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_rollups" ADD COLUMN "downs_votes" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_rollups" ADD COLUMN "lat_bins" smallint[] DEFAULT '{}'::smallint[] NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_rollups" ADD COLUMN "lat_counts" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "root_cause_rollup_hours" ADD COLUMN "dimension_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
DELETE FROM "root_cause_rollup_hours";--> statement-breakpoint
CREATE TABLE "root_cause_event_rollups" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"name" text NOT NULL,
	"thumbs" text NOT NULL,
	"dim_a" text NOT NULL,
	"value_a" text NOT NULL,
	"dim_b" text NOT NULL,
	"value_b" text NOT NULL,
	"events" double precision NOT NULL,
	CONSTRAINT "root_cause_event_rollups_pk" PRIMARY KEY("project_id","dim_a","dim_b","hour","name","thumbs","value_a","value_b")
);--> statement-breakpoint
ALTER TABLE "root_cause_event_rollups" ADD CONSTRAINT "root_cause_event_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
