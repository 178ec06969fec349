CREATE TABLE "api_calls_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"prompt" text,
	"trace_id" text,
	"latency_ms" double precision NOT NULL,
	"input_tokens" integer,
	"output_tokens" integer,
	"cost_usd" double precision,
	"outcome" text NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_price_overrides" (
	"row_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"price_id" text NOT NULL,
	"provider" text,
	"model_pattern" text NOT NULL,
	"input_per_token" double precision NOT NULL,
	"output_per_token" double precision NOT NULL,
	"cache_read_per_token" double precision,
	"cache_write_per_token" double precision,
	"input_includes_cache" boolean DEFAULT false NOT NULL,
	"effective_from" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trace_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"sample_rate" double precision DEFAULT 1 NOT NULL,
	"masking_enabled" boolean DEFAULT true NOT NULL,
	"masking_rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_patterns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"drop_payloads" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_calls_log" ADD CONSTRAINT "api_calls_log_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_price_overrides" ADD CONSTRAINT "model_price_overrides_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_settings" ADD CONSTRAINT "trace_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_calls_log_project_time_idx" ON "api_calls_log" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "model_price_overrides_project_price_from_idx" ON "model_price_overrides" USING btree ("project_id","price_id","effective_from");