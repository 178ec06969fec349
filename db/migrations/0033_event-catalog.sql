CREATE TABLE "event_catalogs" (
	"project_id" uuid PRIMARY KEY NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"mode" text DEFAULT 'off' NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_catalogs_mode_check" CHECK ("mode" IN ('off', 'warn', 'enforce'))
);
--> statement-breakpoint
CREATE TABLE "event_quality_daily" (
	"project_id" uuid NOT NULL REFERENCES "public"."projects"("id") ON DELETE cascade,
	"day" date NOT NULL,
	"name" text NOT NULL,
	"volume" integer DEFAULT 0 NOT NULL,
	"violations" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"unknown" integer DEFAULT 0 NOT NULL,
	"last_violations" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_violation_at" timestamp with time zone,
	CONSTRAINT "event_quality_daily_pk" PRIMARY KEY ("project_id","day","name")
);
