CREATE TABLE "experiment_exposures" (
	"project_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"variant_key" text NOT NULL,
	"first_exposed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_guardrail_breaches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"metric_key" text NOT NULL,
	"variant_key" text NOT NULL,
	"lift" double precision,
	"bound" double precision,
	"threshold" double precision NOT NULL,
	"streak" integer NOT NULL,
	"detected_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_results" (
	"project_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"srm_flagged" boolean NOT NULL,
	"guardrail_breached" boolean NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"hypothesis" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"variants" jsonb NOT NULL,
	"coverage" double precision DEFAULT 1 NOT NULL,
	"seed" text NOT NULL,
	"namespace" jsonb,
	"goal_metrics" jsonb NOT NULL,
	"guardrails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"targeting" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"engine" text DEFAULT 'frequentist' NOT NULL,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"correction" text DEFAULT 'holm' NOT NULL,
	"auto_stop" boolean DEFAULT false NOT NULL,
	"breach_streak" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"stopped_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "experiment_exposures" ADD CONSTRAINT "experiment_exposures_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_exposures" ADD CONSTRAINT "experiment_exposures_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_guardrail_breaches" ADD CONSTRAINT "experiment_guardrail_breaches_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_guardrail_breaches" ADD CONSTRAINT "experiment_guardrail_breaches_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_results" ADD CONSTRAINT "experiment_results_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_results" ADD CONSTRAINT "experiment_results_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_exposures_unique_idx" ON "experiment_exposures" USING btree ("experiment_id","user_id","variant_key");--> statement-breakpoint
CREATE INDEX "experiment_exposures_project_user_time_idx" ON "experiment_exposures" USING btree ("project_id","user_id","first_exposed_at");--> statement-breakpoint
CREATE INDEX "experiment_breaches_experiment_time_idx" ON "experiment_guardrail_breaches" USING btree ("project_id","experiment_id","detected_at");--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_results_experiment_idx" ON "experiment_results" USING btree ("experiment_id");--> statement-breakpoint
CREATE INDEX "experiment_results_project_idx" ON "experiment_results" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_project_key_idx" ON "experiments" USING btree ("project_id","key");--> statement-breakpoint
CREATE INDEX "experiments_project_status_idx" ON "experiments" USING btree ("project_id","status");