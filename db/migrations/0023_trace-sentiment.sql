CREATE TABLE IF NOT EXISTS "trace_sentiment" (
	"project_id" uuid NOT NULL REFERENCES "projects"("id") ON DELETE CASCADE,
	"trace_id" text NOT NULL,
	"timestamp" timestamp (3) with time zone NOT NULL,
	"polarity" double precision,
	"label" text,
	"emotions" jsonb,
	"detected" text[] DEFAULT '{}'::text[] NOT NULL,
	"text_count" integer DEFAULT 0 NOT NULL,
	"analyzer" text NOT NULL,
	"observation_count" integer NOT NULL,
	"comment_count" integer NOT NULL,
	"analyzed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "trace_sentiment_project_id_trace_id_pk" PRIMARY KEY("project_id","trace_id")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "trace_sentiment_project_time_idx" ON "trace_sentiment" USING btree ("project_id","timestamp");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "trace_sentiment_project_label_idx" ON "trace_sentiment" USING btree ("project_id","label");
