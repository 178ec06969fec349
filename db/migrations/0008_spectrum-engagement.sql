CREATE TABLE "spectrum_engagement_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "spectrum_engagement_events" ADD CONSTRAINT "spectrum_engagement_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spectrum_engagement_user_time_idx" ON "spectrum_engagement_events" USING btree ("project_id","user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "spectrum_engagement_kind_time_idx" ON "spectrum_engagement_events" USING btree ("project_id","kind","occurred_at");