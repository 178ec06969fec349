CREATE TABLE "observations" (
	"project_id" uuid NOT NULL,
	"trace_id" text NOT NULL,
	"id" text NOT NULL,
	"parent_observation_id" text,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"start_time" timestamp (3) with time zone NOT NULL,
	"end_time" timestamp (3) with time zone,
	"level" text DEFAULT 'DEFAULT' NOT NULL,
	"status_message" text,
	"model" text,
	"provider" text,
	"model_parameters" jsonb,
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
	"input" jsonb,
	"output" jsonb,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_project_id_trace_id_id_pk" PRIMARY KEY("project_id","trace_id","id")
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"trace_id" text NOT NULL,
	"observation_id" text,
	"name" text NOT NULL,
	"value" double precision,
	"string_value" text,
	"data_type" text NOT NULL,
	"source" text NOT NULL,
	"comment" text,
	"author_user_id" uuid,
	"timestamp" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scores_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "traces" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"user_id" text,
	"session_id" text,
	"environment" text DEFAULT 'default' NOT NULL,
	"release" text,
	"version" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"timestamp" timestamp (3) with time zone NOT NULL,
	"has_root" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
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
	CONSTRAINT "traces_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traces" ADD CONSTRAINT "traces_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_project_start_idx" ON "observations" USING btree ("project_id","start_time");--> statement-breakpoint
CREATE INDEX "observations_project_model_start_idx" ON "observations" USING btree ("project_id","model","start_time");--> statement-breakpoint
CREATE INDEX "scores_project_trace_idx" ON "scores" USING btree ("project_id","trace_id");--> statement-breakpoint
CREATE INDEX "scores_project_name_time_idx" ON "scores" USING btree ("project_id","name","timestamp");--> statement-breakpoint
CREATE INDEX "traces_project_time_idx" ON "traces" USING btree ("project_id","timestamp" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "traces_project_user_time_idx" ON "traces" USING btree ("project_id","user_id","timestamp");--> statement-breakpoint
CREATE INDEX "traces_project_session_time_idx" ON "traces" USING btree ("project_id","session_id","timestamp");--> statement-breakpoint
CREATE INDEX "traces_project_name_time_idx" ON "traces" USING btree ("project_id","name","timestamp");