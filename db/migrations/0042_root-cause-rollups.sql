CREATE TABLE "root_cause_rollups" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"dim_a" text NOT NULL,
	"value_a" text NOT NULL,
	"dim_b" text NOT NULL,
	"value_b" text NOT NULL,
	"dim_c" text NOT NULL,
	"value_c" text NOT NULL,
	"traces" double precision NOT NULL,
	"errors" double precision NOT NULL,
	"cost" double precision NOT NULL,
	"cost2" double precision NOT NULL,
	"tokens" double precision NOT NULL,
	"tokens2" double precision NOT NULL,
	"timed" double precision NOT NULL,
	"latency" double precision NOT NULL,
	"latency2" double precision NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	CONSTRAINT "root_cause_rollups_project_id_dim_a_dim_b_dim_c_hour_value_a_value_b_value_c_pk" PRIMARY KEY("project_id","dim_a","dim_b","dim_c","hour","value_a","value_b","value_c")
);
--> statement-breakpoint
CREATE TABLE "root_cause_rollup_hours" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "root_cause_rollup_hours_project_id_hour_pk" PRIMARY KEY("project_id","hour")
);
--> statement-breakpoint
ALTER TABLE "root_cause_rollups" ADD CONSTRAINT "root_cause_rollups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "root_cause_rollup_hours" ADD CONSTRAINT "root_cause_rollup_hours_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
