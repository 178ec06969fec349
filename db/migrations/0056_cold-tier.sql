ALTER TABLE "projects" ADD COLUMN "cold_retention_days" integer DEFAULT 730 NOT NULL;
--> statement-breakpoint
ALTER TABLE "storage_manifest" ADD COLUMN "retention_class" text DEFAULT 'analytics' NOT NULL;
