-- Issue 16 (scale path): `events` becomes a table partitioned by UTC week (Monday 00:00) on its event time, so that
-- retention drops whole expired weeks instead of deleting rows (lib/retention/store/event-partitions.ts). A primary
-- key of a partitioned table must contain the partition key: it becomes (project_id, id, timestamp); ingest keeps
-- one row per (project_id, id) by skipping ids already stored (lib/ingest/event-type.ts). Rows of a week without a
-- partition land in `events_default`; `prism_ensure_event_partitions` creates the weeks of a time range, moving any
-- of their rows out of the default partition. The rollup trigger stays a statement trigger on the parent.
ALTER TABLE "events" RENAME TO "events_unpartitioned";--> statement-breakpoint
ALTER TABLE "events_unpartitioned" RENAME CONSTRAINT "events_project_id_id_pk" TO "events_unpartitioned_pk";--> statement-breakpoint
ALTER TABLE "events_unpartitioned" RENAME CONSTRAINT "events_project_id_projects_id_fk" TO "events_unpartitioned_project_fk";--> statement-breakpoint
ALTER INDEX "events_project_time_idx" RENAME TO "events_unpartitioned_project_time_idx";--> statement-breakpoint
ALTER INDEX "events_project_user_time_idx" RENAME TO "events_unpartitioned_project_user_time_idx";--> statement-breakpoint
ALTER INDEX "events_received_brin_idx" RENAME TO "events_unpartitioned_received_brin_idx";--> statement-breakpoint
CREATE TABLE "events" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"user_id" text,
	"session_id" text,
	"name" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_project_id_id_timestamp_pk" PRIMARY KEY("project_id","id","timestamp")
) PARTITION BY RANGE ("timestamp");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_project_time_idx" ON "events" USING btree ("project_id","timestamp");--> statement-breakpoint
CREATE INDEX "events_project_user_time_idx" ON "events" USING btree ("project_id","user_id","timestamp");--> statement-breakpoint
CREATE INDEX "events_received_brin_idx" ON "events" USING brin ("received_at") WITH (autosummarize = on);--> statement-breakpoint
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;--> statement-breakpoint
-- Creates the missing weekly partitions (events_wYYYYMMDD, named by their Monday) that cover [from_time, to_time),
-- moving rows of those weeks out of the default partition first. Returns how many partitions it created.
CREATE OR REPLACE FUNCTION "prism_ensure_event_partitions"(from_time timestamptz, to_time timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  week_start timestamptz := date_trunc('week', from_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  week_end timestamptz;
  part text;
  created integer := 0;
BEGIN
  WHILE week_start < to_time LOOP
    week_end := week_start + interval '7 days';
    part := 'events_w' || to_char(week_start AT TIME ZONE 'UTC', 'YYYYMMDD');
    IF to_regclass(quote_ident(part)) IS NULL THEN
      -- Writers wait while the week's rows move, so none lands in the default partition between the move and the attach.
      LOCK TABLE "events_default" IN SHARE ROW EXCLUSIVE MODE;
      EXECUTE format('CREATE TABLE %I (LIKE "events" INCLUDING DEFAULTS)', part);
      EXECUTE format('WITH moved AS (DELETE FROM "events_default" WHERE "timestamp" >= %L AND "timestamp" < %L RETURNING *) INSERT INTO %I SELECT * FROM moved', week_start, week_end, part);
      EXECUTE format('ALTER TABLE "events" ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, week_start, week_end);
      created := created + 1;
    END IF;
    week_start := week_end;
  END LOOP;
  RETURN created;
END
$$;--> statement-breakpoint
-- The weeks of the last 400 days of existing rows and the next four weeks; older rows go to the default partition.
SELECT "prism_ensure_event_partitions"(greatest(coalesce((SELECT min("timestamp") FROM "events_unpartitioned"), now()), now() - interval '400 days'), now() + interval '28 days');--> statement-breakpoint
INSERT INTO "events" SELECT * FROM "events_unpartitioned";--> statement-breakpoint
DROP TABLE "events_unpartitioned";--> statement-breakpoint
CREATE TRIGGER "events_user_event_days" AFTER INSERT ON "events" REFERENCING NEW TABLE AS inserted_events
  FOR EACH STATEMENT EXECUTE FUNCTION "prism_user_event_days_add"();--> statement-breakpoint
ANALYZE "events";
