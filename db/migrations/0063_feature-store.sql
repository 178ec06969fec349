-- Issue 17: the personalization feature store's offline values (point-in-time history per entity) and its parity checks.
CREATE TABLE "personalization_feature_values" (
	"project_id" uuid NOT NULL,
	"view" text NOT NULL,
	"entity_key" text NOT NULL,
	"user_id" text,
	"event_time" timestamp with time zone NOT NULL,
	"values" jsonb NOT NULL,
	"materialized_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personalization_feature_values_project_id_view_entity_key_event_time_pk" PRIMARY KEY("project_id","view","entity_key","event_time")
);
--> statement-breakpoint
CREATE TABLE "personalization_feature_parity" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"view" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"checked" integer NOT NULL,
	"missing" integer NOT NULL,
	"stale" integer NOT NULL,
	"mismatched" integer NOT NULL,
	"diff_rate" double precision,
	"offline_event_time" timestamp with time zone,
	"oldest_online_event_time" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "personalization_feature_values" ADD CONSTRAINT "personalization_feature_values_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personalization_feature_parity" ADD CONSTRAINT "personalization_feature_parity_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personalization_feature_values_view_time_idx" ON "personalization_feature_values" USING btree ("project_id","view","event_time");--> statement-breakpoint
CREATE INDEX "personalization_feature_parity_view_time_idx" ON "personalization_feature_parity" USING btree ("project_id","view","checked_at");
