CREATE TABLE "prompts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "prompts_project_name_idx" ON "prompts" USING btree ("project_id","name");
--> statement-breakpoint
CREATE TABLE "prompt_versions" (
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"prompt_id" uuid NOT NULL REFERENCES "public"."prompts"("id") ON DELETE cascade,
	"version" integer NOT NULL,
	"type" text NOT NULL,
	"prompt" jsonb NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"variables" text[] DEFAULT '{}'::text[] NOT NULL,
	"commit_message" text,
	"created_by" uuid REFERENCES "public"."users"("id") ON DELETE set null,
	"created_by_api_key" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prompt_versions_prompt_id_version_pk" PRIMARY KEY("prompt_id","version")
);
--> statement-breakpoint
CREATE TABLE "prompt_labels" (
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"prompt_id" uuid NOT NULL REFERENCES "public"."prompts"("id") ON DELETE cascade,
	"label" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prompt_labels_prompt_id_label_pk" PRIMARY KEY("prompt_id","label")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"description" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_project_name_idx" ON "datasets" USING btree ("project_id","name");
--> statement-breakpoint
CREATE TABLE "dataset_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"dataset_id" uuid NOT NULL REFERENCES "public"."datasets"("id") ON DELETE cascade,
	"input" jsonb NOT NULL,
	"expected_output" jsonb,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_trace_id" text,
	"user_id" text,
	"added_in_version" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"removed_in_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dataset_items_dataset_version_idx" ON "dataset_items" USING btree ("dataset_id","added_in_version");
--> statement-breakpoint
CREATE INDEX "dataset_items_project_user_idx" ON "dataset_items" USING btree ("project_id","user_id");
--> statement-breakpoint
CREATE TABLE "dataset_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"dataset_id" uuid NOT NULL REFERENCES "public"."datasets"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"dataset_version" integer NOT NULL,
	"prompt_id" uuid REFERENCES "public"."prompts"("id") ON DELETE set null,
	"prompt_version" integer,
	"evaluators" jsonb NOT NULL,
	"max_cost_usd" double precision,
	"status" text NOT NULL,
	"error" text,
	"item_count" integer NOT NULL,
	"created_by" uuid REFERENCES "public"."users"("id") ON DELETE set null,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_runs_dataset_name_idx" ON "dataset_runs" USING btree ("dataset_id","name");
--> statement-breakpoint
CREATE TABLE "dataset_run_items" (
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"run_id" uuid NOT NULL REFERENCES "public"."dataset_runs"("id") ON DELETE cascade,
	"item_id" uuid NOT NULL REFERENCES "public"."dataset_items"("id") ON DELETE cascade,
	"output" jsonb,
	"latency_ms" double precision,
	"cost_usd" double precision,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_run_items_run_id_item_id_pk" PRIMARY KEY("run_id","item_id")
);
