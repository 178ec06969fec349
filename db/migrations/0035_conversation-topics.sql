CREATE TABLE "insight_topic_runs" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"conversations" integer NOT NULL,
	"k" integer NOT NULL,
	"silhouette" double precision,
	"embedder" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_topics" (
	"project_id" uuid NOT NULL,
	"topic" integer NOT NULL,
	"label" text NOT NULL,
	"terms" text[] NOT NULL,
	"size" integer NOT NULL,
	"this_week" integer NOT NULL,
	"last_week" integer NOT NULL,
	"rated" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"sentiment_n" integer NOT NULL,
	"mean_polarity" double precision,
	"mean_cost" double precision,
	"example_trace_ids" text[] NOT NULL,
	CONSTRAINT "insight_topics_project_id_topic_pk" PRIMARY KEY("project_id","topic")
);
--> statement-breakpoint
ALTER TABLE "insight_topic_runs" ADD CONSTRAINT "insight_topic_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_topics" ADD CONSTRAINT "insight_topics_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
