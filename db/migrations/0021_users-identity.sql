-- Identity and profiles (issue 13): end users are created on first sight (first/last seen), traits arrive through the
-- `identify` batch item; plan and signup date are unknown (null) until a trait says otherwise.
ALTER TABLE "end_users" ALTER COLUMN "plan" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "end_users" ALTER COLUMN "plan" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "end_users" ALTER COLUMN "signup_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "end_users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "end_users" ADD COLUMN "first_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "end_users" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "end_users" ADD COLUMN "activity_received_at" timestamp with time zone;--> statement-breakpoint
UPDATE "end_users" eu SET
	"first_seen_at" = coalesce((SELECT min(e."timestamp") FROM "events" e WHERE e."project_id" = eu."project_id" AND e."user_id" = eu."user_id"), eu."signup_at"),
	"last_seen_at" = coalesce((SELECT max(e."timestamp") FROM "events" e WHERE e."project_id" = eu."project_id" AND e."user_id" = eu."user_id"), eu."signup_at");--> statement-breakpoint
-- Never null from here on (a row written without a sighting was first seen when it was written), so the Users list
-- sorts on the plain columns and their indexes.
ALTER TABLE "end_users" ALTER COLUMN "first_seen_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "end_users" ALTER COLUMN "first_seen_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "end_users" ALTER COLUMN "last_seen_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "end_users" ALTER COLUMN "last_seen_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "end_users_project_last_seen_idx" ON "end_users" USING btree ("project_id","last_seen_at","user_id");--> statement-breakpoint
CREATE INDEX "end_users_project_first_seen_idx" ON "end_users" USING btree ("project_id","first_seen_at","user_id");--> statement-breakpoint
-- The Users list's search (ILIKE '%...%' on user id and masked email): trigram indexes where pg_trgm exists (0013).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS "end_users_user_id_trgm_idx" ON "end_users" USING gin ("user_id" gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS "end_users_email_trgm_idx" ON "end_users" USING gin ("email" gin_trgm_ops);
  END IF;
END $$;--> statement-breakpoint
CREATE TABLE "end_user_identifies" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "end_user_identifies_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
ALTER TABLE "end_user_identifies" ADD CONSTRAINT "end_user_identifies_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "end_user_trait_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"trait" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"valid_from" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "end_user_trait_changes" ADD CONSTRAINT "end_user_trait_changes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "end_user_trait_changes_user_trait_idx" ON "end_user_trait_changes" USING btree ("project_id","user_id","trait","valid_from");--> statement-breakpoint
CREATE TABLE "end_user_profiles" (
	"project_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"event_count" integer DEFAULT 0 NOT NULL,
	"session_count" integer DEFAULT 0 NOT NULL,
	"trace_count" integer DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"engagement_score" integer DEFAULT 0 NOT NULL,
	"profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "end_user_profiles_project_id_user_id_pk" PRIMARY KEY("project_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "end_user_profiles" ADD CONSTRAINT "end_user_profiles_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "end_user_profiles_project_cost_idx" ON "end_user_profiles" USING btree ("project_id","cost_usd","user_id");--> statement-breakpoint
CREATE INDEX "end_user_profiles_project_traces_idx" ON "end_user_profiles" USING btree ("project_id","trace_count","user_id");--> statement-breakpoint
ALTER TABLE "trace_settings" ADD COLUMN "persona_dimension" text DEFAULT 'persona' NOT NULL;
