ALTER TABLE "projects" ADD COLUMN "warm_tier" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "warm_retention_days" integer DEFAULT 180 NOT NULL;
--> statement-breakpoint
CREATE TABLE "storage_manifest" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"table_name" text NOT NULL,
	"event_date" date NOT NULL,
	"tier" text NOT NULL,
	"path" text NOT NULL,
	"rows" integer NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "storage_manifest_tier_check" CHECK ("tier" in ('warm', 'cold'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "storage_manifest_file_idx" ON "storage_manifest" USING btree ("project_id","table_name","tier","event_date");
--> statement-breakpoint
CREATE TABLE "storage_manifest_users" (
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"user_id" text NOT NULL,
	"file_id" uuid NOT NULL REFERENCES "public"."storage_manifest"("id") ON DELETE cascade,
	CONSTRAINT "storage_manifest_users_project_id_user_id_file_id_pk" PRIMARY KEY("project_id","user_id","file_id")
);
--> statement-breakpoint
CREATE INDEX "storage_manifest_users_file_idx" ON "storage_manifest_users" USING btree ("file_id");
