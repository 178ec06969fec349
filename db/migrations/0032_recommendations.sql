CREATE TABLE "insight_suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"key" text NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"links" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"feedback_evidence" jsonb,
	"active" boolean DEFAULT true NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"feedback_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "insight_suggestion_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"suggestion_id" uuid NOT NULL,
	"verdict" text NOT NULL,
	"actor_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "insight_suggestions" ADD CONSTRAINT "insight_suggestions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_suggestion_feedback" ADD CONSTRAINT "insight_suggestion_feedback_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_suggestion_feedback" ADD CONSTRAINT "insight_suggestion_feedback_suggestion_id_insight_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."insight_suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_suggestion_feedback" ADD CONSTRAINT "insight_suggestion_feedback_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "insight_suggestions_project_key_idx" ON "insight_suggestions" USING btree ("project_id","key");--> statement-breakpoint
CREATE INDEX "insight_suggestions_project_status_idx" ON "insight_suggestions" USING btree ("project_id","active","status");--> statement-breakpoint
CREATE INDEX "insight_suggestion_feedback_project_time_idx" ON "insight_suggestion_feedback" USING btree ("project_id","created_at");
