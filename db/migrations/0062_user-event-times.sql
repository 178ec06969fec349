-- Issue 13: bounded ingest cost for the users rollup. Migration 0053 kept every event time of a (project, event name,
-- end user) in one `times` column that each insert rewrote whole, so a batch cost grew with the user's history. The
-- times move to `user_event_times`, in chunks: chunk c of a (project, event name, user) takes the batches that arrive
-- while the user's count of that event (user_event_days.events, before the batch) is in [128 c, 128 (c + 1)), so an
-- insert rewrites at most one chunk of about 128 times (plus its own batch), whatever the history, and a chunk stays
-- under the 2 kB past which PostgreSQL moves a value out of line (TOAST). A user with fewer
-- than 128 events of a name has one row, as before, so the funnel reads as few rows as it did. Each chunk keeps the
-- first and last time it holds, so the funnel skips chunks outside its range. `user_event_days` keeps the day bitmap,
-- first/last timestamp and count (a row of constant size).
CREATE TABLE "user_event_times" (
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"user_id" text NOT NULL,
	"chunk" integer NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"times" bytea NOT NULL,
	CONSTRAINT "user_event_times_project_id_name_user_id_chunk_pk" PRIMARY KEY("project_id","name","user_id","chunk")
);--> statement-breakpoint
ALTER TABLE "user_event_times" ADD CONSTRAINT "user_event_times_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_event_times_project_user_idx" ON "user_event_times" USING btree ("project_id","user_id");--> statement-breakpoint
-- The packed times so far as chunk 0 (later inserts go to chunk events / 128, a new row when it is past 0).
INSERT INTO "user_event_times" (project_id, name, user_id, chunk, first_at, last_at, times)
  SELECT project_id, name, user_id, 0, first_at, last_at, times FROM "user_event_days";--> statement-breakpoint
ALTER TABLE "user_event_days" DROP COLUMN "times";--> statement-breakpoint
CREATE OR REPLACE FUNCTION "prism_user_event_days_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH g AS (
    SELECT project_id, name, user_id, min(day) AS first_day, bit_or(bits) AS days, min(ts) AS first_at, max(ts) AS last_at,
           count(*) AS events,
           -- Microseconds since 1970 as 8-byte big-endian doubles, sorted within the batch.
           string_agg(float8send((extract(epoch from ts) * 1000000)::float8), ''::bytea ORDER BY ts) AS times
    FROM (SELECT project_id, name, user_id, ts, day,
                 -- The row's day as one set bit in a bitmap spanning its group's days, so bit_or (equal lengths) merges them.
                 (repeat('0', day - min(day) OVER w) || '1' || repeat('0', max(day) OVER w - day))::bit varying AS bits
          FROM (SELECT project_id, name, user_id, "timestamp" AS ts, (("timestamp" AT TIME ZONE 'UTC')::date - date '1900-01-01') AS day
                FROM inserted_events WHERE user_id IS NOT NULL) e
          WINDOW w AS (PARTITION BY project_id, name, user_id)) n
    GROUP BY project_id, name, user_id),
  up AS (
    INSERT INTO user_event_days AS d (project_id, name, user_id, first_day, days, first_at, last_at, events)
    SELECT project_id, name, user_id, first_day, days, first_at, last_at, events FROM g
    -- One lock order for every writer, so two concurrent batches cannot deadlock on the same users.
    ORDER BY project_id, name, user_id
    ON CONFLICT (project_id, name, user_id) DO UPDATE SET
      days = prism_day_bits_or(d.first_day, d.days, excluded.first_day, excluded.days),
      first_day = least(d.first_day, excluded.first_day),
      first_at = least(d.first_at, excluded.first_at),
      last_at = greatest(d.last_at, excluded.last_at),
      events = d.events + excluded.events
    RETURNING project_id, name, user_id, events)
  INSERT INTO user_event_times AS t (project_id, name, user_id, chunk, first_at, last_at, times)
  SELECT g.project_id, g.name, g.user_id, ((up.events - g.events) / 128)::int, g.first_at, g.last_at, g.times
  FROM g JOIN up ON up.project_id = g.project_id AND up.name = g.name AND up.user_id = g.user_id
  ORDER BY 1, 2, 3
  ON CONFLICT (project_id, name, user_id, chunk) DO UPDATE SET
    first_at = least(t.first_at, excluded.first_at),
    last_at = greatest(t.last_at, excluded.last_at),
    times = t.times || excluded.times;
  RETURN NULL;
END
$$;--> statement-breakpoint
ANALYZE "user_event_times";
