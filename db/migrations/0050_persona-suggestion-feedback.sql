-- Issue 17: persona suggestions served through the API (the top 3 with their scaled signals and the weights used),
-- with the persona the product accepted and its rating when it says; a weekly job refits the signal weights from
-- them (the requirements' weights are the prior) and keeps every fit with its holdout evaluation.
CREATE TABLE "persona_suggestions" (
	"project_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"hour" integer NOT NULL,
	"suggestions" jsonb NOT NULL,
	"weights" jsonb NOT NULL,
	"accepted_persona" text,
	"rating" double precision,
	"feedback_at" timestamp with time zone,
	CONSTRAINT "persona_suggestions_project_id_id_pk" PRIMARY KEY("project_id","id")
);--> statement-breakpoint
ALTER TABLE "persona_suggestions" ADD CONSTRAINT "persona_suggestions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "persona_suggestions_project_user_time_idx" ON "persona_suggestions" USING btree ("project_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "persona_suggestions_project_feedback_idx" ON "persona_suggestions" USING btree ("project_id","feedback_at") WHERE "accepted_persona" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "persona_weight_fits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL,
	"weights" jsonb NOT NULL,
	"prior" jsonb NOT NULL,
	"examples" integer NOT NULL,
	"evaluation" jsonb NOT NULL,
	"adopted" boolean NOT NULL
);--> statement-breakpoint
ALTER TABLE "persona_weight_fits" ADD CONSTRAINT "persona_weight_fits_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "persona_weight_fits_project_time_idx" ON "persona_weight_fits" USING btree ("project_id","fitted_at");
