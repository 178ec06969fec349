CREATE TABLE "spectrum_exclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text,
	"from_at" timestamp with time zone,
	"to_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spectrum_feedback" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"session_id" text NOT NULL,
	"turn_id" text,
	"user_id" text NOT NULL,
	"rating" integer,
	"comment" text,
	"timestamp" timestamp with time zone NOT NULL,
	CONSTRAINT "spectrum_feedback_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "spectrum_insights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"period_key" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"prompt_name" text NOT NULL,
	"prompt_version" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"validation" jsonb NOT NULL,
	"rejected_attempts" integer DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"latency_ms" integer DEFAULT 0 NOT NULL,
	"analysis_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spectrum_period_aggregates" (
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"granularity" text NOT NULL,
	"period_key" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"session_count" integer NOT NULL,
	"mean_vector" jsonb NOT NULL,
	"aggregate" jsonb NOT NULL,
	"analysis_version" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spectrum_period_aggregates_project_id_user_id_granularity_period_key_pk" PRIMARY KEY("project_id","user_id","granularity","period_key")
);
--> statement-breakpoint
CREATE TABLE "spectrum_resets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"reset_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spectrum_session_aggregates" (
	"project_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"vector" jsonb NOT NULL,
	"dominant" text NOT NULL,
	"dominant_emotions" jsonb NOT NULL,
	"patterns" jsonb NOT NULL,
	"user_turn_count" integer NOT NULL,
	"analysis_version" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spectrum_session_aggregates_project_id_session_id_pk" PRIMARY KEY("project_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "spectrum_sessions" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"completed" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spectrum_sessions_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "spectrum_turn_vectors" (
	"project_id" uuid NOT NULL,
	"turn_id" text NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"vector" jsonb,
	"impact" jsonb,
	"analysis_version" text NOT NULL,
	CONSTRAINT "spectrum_turn_vectors_project_id_turn_id_pk" PRIMARY KEY("project_id","turn_id")
);
--> statement-breakpoint
CREATE TABLE "spectrum_turns" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	CONSTRAINT "spectrum_turns_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
ALTER TABLE "spectrum_exclusions" ADD CONSTRAINT "spectrum_exclusions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_feedback" ADD CONSTRAINT "spectrum_feedback_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_insights" ADD CONSTRAINT "spectrum_insights_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_period_aggregates" ADD CONSTRAINT "spectrum_period_aggregates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_resets" ADD CONSTRAINT "spectrum_resets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_session_aggregates" ADD CONSTRAINT "spectrum_session_aggregates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_sessions" ADD CONSTRAINT "spectrum_sessions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_turn_vectors" ADD CONSTRAINT "spectrum_turn_vectors_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spectrum_turns" ADD CONSTRAINT "spectrum_turns_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spectrum_exclusions_user_time_idx" ON "spectrum_exclusions" USING btree ("project_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "spectrum_feedback_user_time_idx" ON "spectrum_feedback" USING btree ("project_id","user_id","timestamp");--> statement-breakpoint
CREATE UNIQUE INDEX "spectrum_insights_period_idx" ON "spectrum_insights" USING btree ("project_id","user_id","kind","period_key");--> statement-breakpoint
CREATE INDEX "spectrum_insights_user_time_idx" ON "spectrum_insights" USING btree ("project_id","user_id","period_start");--> statement-breakpoint
CREATE INDEX "spectrum_period_aggs_user_time_idx" ON "spectrum_period_aggregates" USING btree ("project_id","user_id","period_start");--> statement-breakpoint
CREATE INDEX "spectrum_resets_user_time_idx" ON "spectrum_resets" USING btree ("project_id","user_id","reset_at");--> statement-breakpoint
CREATE INDEX "spectrum_session_aggs_user_time_idx" ON "spectrum_session_aggregates" USING btree ("project_id","user_id","started_at");--> statement-breakpoint
CREATE INDEX "spectrum_sessions_user_time_idx" ON "spectrum_sessions" USING btree ("project_id","user_id","started_at");--> statement-breakpoint
CREATE INDEX "spectrum_turn_vectors_user_time_idx" ON "spectrum_turn_vectors" USING btree ("project_id","user_id","timestamp");--> statement-breakpoint
CREATE INDEX "spectrum_turn_vectors_session_idx" ON "spectrum_turn_vectors" USING btree ("project_id","session_id");--> statement-breakpoint
CREATE INDEX "spectrum_turns_user_time_idx" ON "spectrum_turns" USING btree ("project_id","user_id","timestamp");--> statement-breakpoint
CREATE INDEX "spectrum_turns_session_idx" ON "spectrum_turns" USING btree ("project_id","session_id","timestamp");