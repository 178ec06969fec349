-- Issue 13: bounded ingest cost for the users rollup. Migration 0053 kept every event time of a (project, event name,
-- end user) in one `times` column that each insert rewrote whole, so a batch cost grew with the user's history. The
-- times move to one row per project × event name × UTC day × end user (`user_event_times`): an insert appends to that
-- day's row only, so its cost is bounded by the user's events of that day. `user_event_days` keeps the day bitmap,
-- first/last timestamp and count (a row of constant size). The funnel reads the days of its range only.
CREATE TABLE "user_event_times" (
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"day" integer NOT NULL,
	"user_id" text NOT NULL,
	"times" bytea NOT NULL,
	CONSTRAINT "user_event_times_project_id_name_day_user_id_pk" PRIMARY KEY("project_id","name","day","user_id")
);--> statement-breakpoint
ALTER TABLE "user_event_times" ADD CONSTRAINT "user_event_times_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_event_times_project_user_idx" ON "user_event_times" USING btree ("project_id","user_id");--> statement-breakpoint
-- Backfill from the packed times (not from the raw events, which the retention job may have trimmed): each 8-byte
-- big-endian double is an integral count of microseconds below 2^53, i.e. (2^52 + mantissa) >> (1075 - exponent).
INSERT INTO "user_event_times" (project_id, name, day, user_id, times)
  SELECT project_id, name, day, user_id, string_agg(chunk, ''::bytea)
  FROM (SELECT project_id, name, user_id, chunk,
               floor((case when bits < 0 then -1 else 1 end
                      * (((bits & 4503599627370495) | 4503599627370496) >> (1075 - ((bits >> 52) & 2047))::int))::numeric / 86400000000)::int + 25567 AS day
        FROM (SELECT d.project_id, d.name, d.user_id, substring(d.times from i * 8 + 1 for 8) AS chunk,
                     ('x' || encode(substring(d.times from i * 8 + 1 for 8), 'hex'))::bit(64)::bigint AS bits
              FROM "user_event_days" d, generate_series(0, length(d.times) / 8 - 1) i) c) t
  GROUP BY project_id, name, day, user_id;--> statement-breakpoint
ALTER TABLE "user_event_days" DROP COLUMN "times";--> statement-breakpoint
CREATE OR REPLACE FUNCTION "prism_user_event_days_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_event_days AS d (project_id, name, user_id, first_day, days, first_at, last_at, events)
  SELECT project_id, name, user_id, min(day), bit_or(bits), min(ts), max(ts), count(*)
  FROM (SELECT project_id, name, user_id, ts, day,
               -- The row's day as one set bit in a bitmap spanning its group's days, so bit_or (equal lengths) merges them.
               (repeat('0', day - min(day) OVER g) || '1' || repeat('0', max(day) OVER g - day))::bit varying AS bits
        FROM (SELECT project_id, name, user_id, "timestamp" AS ts, (("timestamp" AT TIME ZONE 'UTC')::date - date '1900-01-01') AS day
              FROM inserted_events WHERE user_id IS NOT NULL) e
        WINDOW g AS (PARTITION BY project_id, name, user_id)) n
  GROUP BY project_id, name, user_id
  -- One lock order for every writer, so two concurrent batches cannot deadlock on the same users.
  ORDER BY project_id, name, user_id
  ON CONFLICT (project_id, name, user_id) DO UPDATE SET
    days = prism_day_bits_or(d.first_day, d.days, excluded.first_day, excluded.days),
    first_day = least(d.first_day, excluded.first_day),
    first_at = least(d.first_at, excluded.first_at),
    last_at = greatest(d.last_at, excluded.last_at),
    events = d.events + excluded.events;
  -- Event times (microseconds since 1970 as 8-byte big-endian doubles), sorted within the batch, appended to the
  -- (event name, day, user) row: the funnel sorts each row's times when it reads them.
  INSERT INTO user_event_times AS t (project_id, name, day, user_id, times)
  SELECT project_id, name, day, user_id, string_agg(float8send((extract(epoch from "timestamp") * 1000000)::float8), ''::bytea ORDER BY "timestamp")
  FROM (SELECT project_id, name, user_id, "timestamp", (("timestamp" AT TIME ZONE 'UTC')::date - date '1900-01-01') AS day
        FROM inserted_events WHERE user_id IS NOT NULL) e
  GROUP BY project_id, name, day, user_id
  ORDER BY project_id, name, day, user_id
  ON CONFLICT (project_id, name, day, user_id) DO UPDATE SET times = t.times || excluded.times;
  RETURN NULL;
END
$$;--> statement-breakpoint
ANALYZE "user_event_times";
