ALTER TABLE "monitoring_anomalies" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitoring_anomalies" ADD COLUMN "peak_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitoring_anomalies" ADD COLUMN "points" integer DEFAULT 1 NOT NULL;
