CREATE TABLE "insight_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"dimension_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "anomaly_root_causes" (
	"anomaly_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"status" text NOT NULL,
	"result" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "insight_settings" ADD CONSTRAINT "insight_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_root_causes" ADD CONSTRAINT "anomaly_root_causes_anomaly_id_monitoring_anomalies_id_fk" FOREIGN KEY ("anomaly_id") REFERENCES "public"."monitoring_anomalies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_root_causes" ADD CONSTRAINT "anomaly_root_causes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "anomaly_root_causes_project_idx" ON "anomaly_root_causes" USING btree ("project_id","computed_at");
