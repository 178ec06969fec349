CREATE TABLE "experiment_daily_results" (
	"project_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"day" text NOT NULL,
	"metric_key" text NOT NULL,
	"variant_key" text NOT NULL,
	"n" integer NOT NULL,
	"control_n" integer NOT NULL,
	"lift" double precision,
	"lower" double precision,
	"upper" double precision,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "experiment_daily_results" ADD CONSTRAINT "experiment_daily_results_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_daily_results" ADD CONSTRAINT "experiment_daily_results_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_daily_results_unique_idx" ON "experiment_daily_results" USING btree ("experiment_id","day","metric_key","variant_key");--> statement-breakpoint
CREATE INDEX "experiment_daily_results_project_idx" ON "experiment_daily_results" USING btree ("project_id","experiment_id");