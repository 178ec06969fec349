CREATE TABLE "metric_points" (
	"project_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"dimensions_key" text DEFAULT '{}' NOT NULL,
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"value" double precision NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_points_project_id_metric_timestamp_dimensions_key_pk" PRIMARY KEY("project_id","metric","timestamp","dimensions_key")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups" (
	"project_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"granularity" text NOT NULL,
	"dimension" text DEFAULT 'all' NOT NULL,
	"dimension_value" text DEFAULT 'all' NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"count" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_rollups_project_id_granularity_metric_dimension_dimension_value_bucket_start_pk" PRIMARY KEY("project_id","granularity","metric","dimension","dimension_value","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "monitoring_anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"granularity" text NOT NULL,
	"dimension" text DEFAULT 'all' NOT NULL,
	"dimension_value" text DEFAULT 'all' NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"lower" double precision NOT NULL,
	"upper" double precision NOT NULL,
	"score" double precision NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_metric_settings" (
	"project_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"multiplier" double precision DEFAULT 1 NOT NULL,
	"last_tuning" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_metric_settings_project_id_metric_pk" PRIMARY KEY("project_id","metric")
);
--> statement-breakpoint
ALTER TABLE "metric_points" ADD CONSTRAINT "metric_points_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollups" ADD CONSTRAINT "metric_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_anomalies" ADD CONSTRAINT "monitoring_anomalies_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_metric_settings" ADD CONSTRAINT "monitoring_metric_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_points_project_time_idx" ON "metric_points" USING btree ("project_id","timestamp");--> statement-breakpoint
CREATE INDEX "metric_rollups_project_bucket_idx" ON "metric_rollups" USING btree ("project_id","granularity","bucket_start");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_anomalies_unique_idx" ON "monitoring_anomalies" USING btree ("project_id","metric","dimension","dimension_value","timestamp","kind");--> statement-breakpoint
CREATE INDEX "monitoring_anomalies_project_time_idx" ON "monitoring_anomalies" USING btree ("project_id","timestamp");