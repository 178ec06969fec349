-- Ingest pipeline (issue 19): a span batch is acknowledged once it is a row of ingest_staging (append-only, only its
-- primary key indexed, one row per accepted request); a background merge moves staged rows into traces/observations
-- in large set-based batches and logs each merge's size and visibility lag in ingest_merges.
CREATE TABLE "ingest_staging" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spans" integer NOT NULL,
	"traces" json NOT NULL,
	"observations" json NOT NULL
);--> statement-breakpoint
ALTER TABLE "ingest_staging" ADD CONSTRAINT "ingest_staging_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "ingest_merges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"batches" integer NOT NULL,
	"spans" integer NOT NULL,
	"refused_spans" integer DEFAULT 0 NOT NULL,
	"duration_ms" double precision NOT NULL,
	"lag_p50_ms" double precision NOT NULL,
	"lag_p95_ms" double precision NOT NULL,
	"lag_max_ms" double precision NOT NULL
);--> statement-breakpoint
CREATE INDEX "ingest_merges_merged_at_idx" ON "ingest_merges" USING btree ("merged_at");--> statement-breakpoint
-- Served no read: the list's name filter is a substring match (ILIKE '%x%', the trigram index on PostgreSQL).
DROP INDEX IF EXISTS "traces_project_name_time_idx";--> statement-breakpoint
-- Only model calls carry a model; the model filter (o.model = $1) implies model IS NOT NULL, so a partial index
-- serves it while the other spans (agents, tools, retrievals: most of them) no longer write to it.
DROP INDEX IF EXISTS "observations_project_model_start_idx";--> statement-breakpoint
CREATE INDEX "observations_project_model_start_idx" ON "observations" USING btree ("project_id","model","start_time") WHERE "model" IS NOT NULL;
