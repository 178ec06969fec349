-- Issue 17: what the recommendations API served (one row per response, its id returned as impressionId), so clicks
-- that name it give click-through per model version and experiment variant; an interaction may name the impression
-- it came from, and records when it was received (the experiment results job finds late clicks by it).
CREATE TABLE "personalization_impressions" (
	"project_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"served_at" timestamp with time zone NOT NULL,
	"model_version" integer NOT NULL,
	"experiment_id" uuid,
	"variant_key" text,
	"item_ids" text[] NOT NULL,
	"ranking" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"logged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personalization_impressions_project_id_id_pk" PRIMARY KEY("project_id","id")
);--> statement-breakpoint
ALTER TABLE "personalization_impressions" ADD CONSTRAINT "personalization_impressions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personalization_impressions" ADD CONSTRAINT "personalization_impressions_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personalization_impressions_project_user_time_idx" ON "personalization_impressions" USING btree ("project_id","user_id","served_at");--> statement-breakpoint
CREATE INDEX "personalization_impressions_project_time_idx" ON "personalization_impressions" USING btree ("project_id","served_at");--> statement-breakpoint
CREATE INDEX "personalization_impressions_logged_brin_idx" ON "personalization_impressions" USING brin ("logged_at") WITH (autosummarize = on);--> statement-breakpoint
ALTER TABLE "personalization_interactions" ADD COLUMN "impression_id" uuid;--> statement-breakpoint
ALTER TABLE "personalization_interactions" ADD COLUMN "received_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "personalization_interactions_project_impression_idx" ON "personalization_interactions" USING btree ("project_id","impression_id") WHERE "impression_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "personalization_interactions_received_brin_idx" ON "personalization_interactions" USING brin ("received_at") WITH (autosummarize = on);
