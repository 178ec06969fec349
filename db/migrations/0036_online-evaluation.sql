CREATE TABLE "evaluation_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"evaluator" jsonb NOT NULL,
	"filter" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sample_rate" double precision NOT NULL,
	"max_per_minute" integer NOT NULL,
	"max_cost_usd_per_day" double precision,
	"enabled" boolean DEFAULT true NOT NULL,
	"cursor_timestamp" timestamp (3) with time zone NOT NULL,
	"cursor_trace_id" text DEFAULT '' NOT NULL,
	"scored_count" integer DEFAULT 0 NOT NULL,
	"day" text,
	"scored_today" integer DEFAULT 0 NOT NULL,
	"cost_today_usd" double precision DEFAULT 0 NOT NULL,
	"minute_start" timestamp with time zone,
	"scored_this_minute" integer DEFAULT 0 NOT NULL,
	"last_run_at" timestamp with time zone,
	"status" text,
	"created_by" uuid REFERENCES "public"."users"("id") ON DELETE set null,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_rules_sample_rate" CHECK ("sample_rate" >= 0 AND "sample_rate" <= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_rules_project_name_idx" ON "evaluation_rules" USING btree ("project_id","name");
--> statement-breakpoint
CREATE TABLE "annotation_queues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"description" text,
	"score_configs" jsonb NOT NULL,
	"blinded" boolean DEFAULT false NOT NULL,
	"created_by" uuid REFERENCES "public"."users"("id") ON DELETE set null,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "annotation_queues_project_name_idx" ON "annotation_queues" USING btree ("project_id","name");
--> statement-breakpoint
CREATE TABLE "annotation_queue_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"queue_id" uuid NOT NULL REFERENCES "public"."annotation_queues"("id") ON DELETE cascade,
	"trace_id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"assignee_id" uuid REFERENCES "public"."users"("id") ON DELETE set null,
	"status" text DEFAULT 'pending' NOT NULL,
	"reviewed_by" uuid REFERENCES "public"."users"("id") ON DELETE set null,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "annotation_queue_items_queue_trace_idx" ON "annotation_queue_items" USING btree ("queue_id","trace_id");
--> statement-breakpoint
CREATE INDEX "annotation_queue_items_project_trace_idx" ON "annotation_queue_items" USING btree ("project_id","trace_id");
