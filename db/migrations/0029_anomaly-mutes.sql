CREATE TABLE "monitoring_anomaly_mutes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"metric" text NOT NULL,
	"dimension" text,
	"dimension_value" text,
	"expires_at" timestamp with time zone,
	"reason" text,
	"created_by" uuid REFERENCES "public"."users"("id") ON DELETE set null,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_anomaly_mutes_dimension_pair" CHECK (("dimension" IS NULL) = ("dimension_value" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "monitoring_anomaly_mutes_project_metric_idx" ON "monitoring_anomaly_mutes" USING btree ("project_id","metric");
