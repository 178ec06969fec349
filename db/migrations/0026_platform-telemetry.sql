ALTER TABLE "job_runs" ADD COLUMN "request_id" text;
--> statement-breakpoint
CREATE TABLE "sampled_traces" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"user_id" text,
	"session_id" text,
	"environment" text DEFAULT 'default' NOT NULL,
	"timestamp" timestamp (3) with time zone NOT NULL,
	"has_root" boolean DEFAULT false NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"input_cost" double precision DEFAULT 0 NOT NULL,
	"output_cost" double precision DEFAULT 0 NOT NULL,
	"total_cost" double precision DEFAULT 0 NOT NULL,
	"latency_ms" double precision,
	"level" text DEFAULT 'DEFAULT' NOT NULL,
	"observation_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sampled_traces_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "sampled_observations" (
	"project_id" uuid NOT NULL,
	"trace_id" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"start_time" timestamp (3) with time zone NOT NULL,
	"end_time" timestamp (3) with time zone,
	"level" text DEFAULT 'DEFAULT' NOT NULL,
	"model" text,
	"provider" text,
	"usage_input" bigint,
	"usage_output" bigint,
	"usage_total" bigint,
	"usage_cache_read" bigint,
	"usage_cache_write" bigint,
	"cost_input" double precision,
	"cost_output" double precision,
	"cost_cache_read" double precision,
	"cost_cache_write" double precision,
	"cost_total" double precision,
	"cost_source" text,
	"price_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sampled_observations_project_id_trace_id_id_pk" PRIMARY KEY("project_id","trace_id","id")
);
--> statement-breakpoint
ALTER TABLE "sampled_traces" ADD CONSTRAINT "sampled_traces_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampled_observations" ADD CONSTRAINT "sampled_observations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sampled_traces_project_time_idx" ON "sampled_traces" USING btree ("project_id","timestamp");--> statement-breakpoint
CREATE INDEX "sampled_traces_project_user_idx" ON "sampled_traces" USING btree ("project_id","user_id");--> statement-breakpoint
CREATE INDEX "sampled_observations_project_start_idx" ON "sampled_observations" USING btree ("project_id","start_time");
