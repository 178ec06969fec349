-- Issue 17: a project's recommendation ranking defaults (creator cap, recency boost and its half-life) and its
-- override of the static persona affinity table (null: the shipped defaults).
CREATE TABLE "personalization_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"ranking" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"persona_fallback" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "personalization_settings" ADD CONSTRAINT "personalization_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
