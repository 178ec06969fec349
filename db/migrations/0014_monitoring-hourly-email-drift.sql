CREATE TABLE "monitoring_drift_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"baseline_from" timestamp with time zone NOT NULL,
	"current_from" timestamp with time zone NOT NULL,
	"baseline_records" integer NOT NULL,
	"current_records" integer NOT NULL,
	"drifted" boolean,
	"drifted_features" text[] DEFAULT '{}'::text[] NOT NULL,
	"report" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ALTER COLUMN "webhook_url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD COLUMN "channel" text DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD COLUMN "target" text;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN "email_recipients" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoring_drift_runs" ADD CONSTRAINT "monitoring_drift_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_drift_runs_day_idx" ON "monitoring_drift_runs" USING btree ("project_id","day");