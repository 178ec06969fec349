-- Issue 13: retention, stickiness and lifecycle at 20M events. One row per project × event name × end user with a
-- bitmap of the UTC days the user did the event (bit i = day first_day + i, days counted from Monday 1900-01-01),
-- the first and last timestamp, the count and every event time (microseconds since 1970 as 8-byte big-endian
-- doubles, in insert order: the funnel sorts them when it reads them). Kept exact at insert by a statement trigger on events (only rows
-- really inserted: a replayed batch inserts nothing); erasure deletes the user's rows like any table with a user
-- column; the raw-data retention job does not touch it (derived data outlives raw events, see the README).
CREATE TABLE "user_event_days" (
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"user_id" text NOT NULL,
	"first_day" integer NOT NULL,
	"days" bit varying NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"events" bigint NOT NULL,
	"times" bytea NOT NULL,
	CONSTRAINT "user_event_days_project_id_name_user_id_pk" PRIMARY KEY("project_id","name","user_id")
);--> statement-breakpoint
ALTER TABLE "user_event_days" ADD CONSTRAINT "user_event_days_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_event_days_project_user_idx" ON "user_event_days" USING btree ("project_id","user_id");--> statement-breakpoint
-- Two day bitmaps (each with the day number of its first bit) OR-ed into one starting at the earlier day.
CREATE FUNCTION "prism_day_bits_or"(a_first integer, a bit varying, b_first integer, b bit varying) RETURNS bit varying LANGUAGE sql IMMUTABLE AS $$
  select (repeat('0', a_first - f) || a::text || repeat('0', l - (a_first - f) - length(a)))::bit varying
       | (repeat('0', b_first - f) || b::text || repeat('0', l - (b_first - f) - length(b)))::bit varying
  from (select least(a_first, b_first) as f,
               greatest(a_first + length(a), b_first + length(b)) - least(a_first, b_first) as l) s
$$;--> statement-breakpoint
CREATE FUNCTION "prism_user_event_days_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_event_days AS d (project_id, name, user_id, first_day, days, first_at, last_at, events, times)
  SELECT project_id, name, user_id, min(day), bit_or(bits), min(ts), max(ts), count(*), string_agg(us, ''::bytea)
  FROM (SELECT project_id, name, user_id, ts, day, us,
               -- The row's day as one set bit in a bitmap spanning its group's days, so bit_or (equal lengths) merges them.
               (repeat('0', day - min(day) OVER g) || '1' || repeat('0', max(day) OVER g - day))::bit varying AS bits
        FROM (SELECT project_id, name, user_id, "timestamp" AS ts, (("timestamp" AT TIME ZONE 'UTC')::date - date '1900-01-01') AS day,
                     float8send((extract(epoch from "timestamp") * 1000000)::float8) AS us
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
    events = d.events + excluded.events,
    times = d.times || excluded.times;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "events_user_event_days" AFTER INSERT ON "events" REFERENCING NEW TABLE AS inserted_events
  FOR EACH STATEMENT EXECUTE FUNCTION "prism_user_event_days_add"();--> statement-breakpoint
INSERT INTO "user_event_days" (project_id, name, user_id, first_day, days, first_at, last_at, events, times)
  SELECT project_id, name, user_id, min(day), bit_or(bits), min(ts), max(ts), count(*), string_agg(us, ''::bytea)
  FROM (SELECT project_id, name, user_id, ts, day, us,
               -- The row's day as one set bit in a bitmap spanning its group's days, so bit_or (equal lengths) merges them.
               (repeat('0', day - min(day) OVER g) || '1' || repeat('0', max(day) OVER g - day))::bit varying AS bits
        FROM (SELECT project_id, name, user_id, "timestamp" AS ts, (("timestamp" AT TIME ZONE 'UTC')::date - date '1900-01-01') AS day,
                     float8send((extract(epoch from "timestamp") * 1000000)::float8) AS us
              FROM events WHERE user_id IS NOT NULL) e
        WINDOW g AS (PARTITION BY project_id, name, user_id)) n
  GROUP BY project_id, name, user_id;--> statement-breakpoint
-- Statistics now: until autovacuum's first analyze, the planner would take the table for empty (nested loops over it).
ANALYZE "user_event_days";
