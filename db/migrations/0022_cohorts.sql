CREATE TABLE "cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"size" integer,
	"computed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_members" (
	"project_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "cohort_members_project_id_cohort_id_user_id_pk" PRIMARY KEY("project_id","cohort_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "cohort_sizes" (
	"project_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"size" integer NOT NULL,
	CONSTRAINT "cohort_sizes_project_id_cohort_id_computed_at_pk" PRIMARY KEY("project_id","cohort_id","computed_at")
);
--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_members" ADD CONSTRAINT "cohort_members_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_sizes" ADD CONSTRAINT "cohort_sizes_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cohorts_project_idx" ON "cohorts" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "cohort_members_project_user_idx" ON "cohort_members" USING btree ("project_id","user_id");
