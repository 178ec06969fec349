CREATE TABLE "browser_sdk_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"require_consent" boolean DEFAULT false NOT NULL,
	"ui_sample_rate" double precision DEFAULT 0.2 NOT NULL,
	"burst_until" timestamp with time zone,
	"allowed_origins" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "browser_sdk_settings_rate" CHECK ("ui_sample_rate" >= 0 AND "ui_sample_rate" <= 1)
);
