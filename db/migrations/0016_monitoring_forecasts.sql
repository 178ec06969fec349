CREATE TABLE "monitoring_forecasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"horizon_days" integer NOT NULL,
	"model" text,
	"reason" text,
	"history" jsonb NOT NULL,
	"forecast" jsonb,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_forecasts" ADD CONSTRAINT "monitoring_forecasts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_forecasts_day_idx" ON "monitoring_forecasts" USING btree ("project_id","metric","day");