CREATE TABLE "experiment_unit_totals" (
	"project_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"variant_key" text,
	"cohort" text NOT NULL,
	"metric_index" integer NOT NULL,
	"n" bigint NOT NULL,
	"sy" double precision NOT NULL,
	"syy" double precision NOT NULL,
	"sd" double precision NOT NULL,
	"sdd" double precision NOT NULL,
	"syd" double precision NOT NULL,
	CONSTRAINT "experiment_unit_totals_key" UNIQUE NULLS NOT DISTINCT("experiment_id","variant_key","cohort","metric_index")
);
--> statement-breakpoint
ALTER TABLE "end_users" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Per-user rows gain their cohort and feed the new totals: start every experiment over with a rebuild.
DELETE FROM "experiment_unit_state";--> statement-breakpoint
TRUNCATE "experiment_unit_values";--> statement-breakpoint
ALTER TABLE "experiment_unit_values" ADD COLUMN "cohort" text NOT NULL;--> statement-breakpoint
CREATE INDEX "end_users_project_updated_idx" ON "end_users" USING btree ("project_id","updated_at");--> statement-breakpoint
ALTER INDEX "events_received_brin_idx" SET (autosummarize = on);--> statement-breakpoint
ALTER INDEX "experiment_exposures_times_brin_idx" SET (autosummarize = on);
