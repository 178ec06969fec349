CREATE TABLE "personalization_items" (
	"project_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"kind" text,
	"title" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"creator" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"text" text,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "personalization_items_project_id_item_id_pk" PRIMARY KEY("project_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "personalization_interactions" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"item_id" text NOT NULL,
	"type" text NOT NULL,
	"value" double precision,
	"session_id" text,
	"device_type" text,
	"locale" text,
	"schema_version" integer DEFAULT 2 NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "personalization_interactions_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "personalization_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"algorithm" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"manifest" jsonb NOT NULL,
	"evaluation" jsonb NOT NULL,
	"promoted" boolean DEFAULT false NOT NULL,
	"promoted_at" timestamp with time zone,
	"item_ids" jsonb NOT NULL,
	"item_factors" bytea NOT NULL,
	"item_popularity" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personalization_user_factors" (
	"project_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"factors" bytea NOT NULL,
	CONSTRAINT "personalization_user_factors_project_id_model_id_user_id_pk" PRIMARY KEY("project_id","model_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "personalization_dead_letters" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"item_id" text NOT NULL,
	"body" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personalization_dead_letters_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
ALTER TABLE "personalization_items" ADD CONSTRAINT "personalization_items_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personalization_interactions" ADD CONSTRAINT "personalization_interactions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personalization_models" ADD CONSTRAINT "personalization_models_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personalization_user_factors" ADD CONSTRAINT "personalization_user_factors_model_id_personalization_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."personalization_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personalization_interactions_project_user_time_idx" ON "personalization_interactions" USING btree ("project_id","user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "personalization_interactions_project_time_idx" ON "personalization_interactions" USING btree ("project_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "personalization_models_project_version_idx" ON "personalization_models" USING btree ("project_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "personalization_models_promoted_idx" ON "personalization_models" USING btree ("project_id") WHERE "personalization_models"."promoted";--> statement-breakpoint
ALTER TABLE "personalization_dead_letters" ADD CONSTRAINT "personalization_dead_letters_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personalization_dead_letters_due_idx" ON "personalization_dead_letters" USING btree ("status","next_attempt_at");
