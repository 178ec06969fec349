CREATE TABLE "experiment_unit_state" (
	"experiment_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"signature" text NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"watermark" timestamp with time zone NOT NULL,
	"rebuilt_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_unit_values" (
	"project_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"variant_key" text,
	"first_exposed_at" timestamp with time zone NOT NULL,
	"metric_values" double precision[] NOT NULL,
	CONSTRAINT "experiment_unit_values_experiment_id_user_id_pk" PRIMARY KEY("experiment_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "experiment_exposures" ADD COLUMN "logged_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "experiment_unit_state" ADD CONSTRAINT "experiment_unit_state_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_unit_state" ADD CONSTRAINT "experiment_unit_state_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_received_brin_idx" ON "events" USING brin ("received_at");