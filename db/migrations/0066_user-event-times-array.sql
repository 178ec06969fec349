-- Issue 13: the funnel over `user_event_times` runs inside PostgreSQL. Each chunk's times become a sorted `float8[]`
-- (microseconds since 1970, as before) instead of packed big-endian bytes, sorted within the chunk (not only within
-- each batch), so SQL can binary-search them with width_bucket() and only the step counts leave the database.
-- An 8-byte element costs what a packed one did (plus a 24-byte array header), so a chunk of ~128 stays under TOAST.
ALTER TABLE "user_event_times" ADD COLUMN "times_us" double precision[];--> statement-breakpoint
-- Decode the packed doubles (IEEE 754, big-endian; the times are whole microseconds, so exact) and sort them.
UPDATE "user_event_times" SET "times_us" = ARRAY(
  SELECT CASE WHEN b & 9223372036854775807 = 0 THEN 0::float8
              ELSE sign(b)::float8 * (4503599627370496 + (b & 4503599627370495))::float8
                   * power(2::float8, ((b >> 52) & 2047) - 1075) END AS t
  FROM (SELECT ('x' || encode(substring("times" FROM i * 8 + 1 FOR 8), 'hex'))::bit(64)::bigint AS b
        FROM generate_series(0, length("times") / 8 - 1) i) p
  ORDER BY t);--> statement-breakpoint
ALTER TABLE "user_event_times" DROP COLUMN "times";--> statement-breakpoint
ALTER TABLE "user_event_times" RENAME COLUMN "times_us" TO "times";--> statement-breakpoint
ALTER TABLE "user_event_times" ALTER COLUMN "times" SET NOT NULL;--> statement-breakpoint
-- As in 0062, but the batch's times are an array, and a batch that does not extend its chunk in time order is merged
-- in sorted (at most ~128 + batch elements).
CREATE OR REPLACE FUNCTION "prism_user_event_days_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH g AS (
    SELECT project_id, name, user_id, min(day) AS first_day, bit_or(bits) AS days, min(ts) AS first_at, max(ts) AS last_at,
           count(*) AS events,
           -- Microseconds since 1970, sorted.
           array_agg((extract(epoch from ts) * 1000000)::float8 ORDER BY ts) AS times
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
    times = CASE WHEN excluded.first_at >= t.last_at THEN t.times || excluded.times
                 ELSE ARRAY(SELECT x FROM unnest(t.times || excluded.times) x ORDER BY x) END;
  RETURN NULL;
END
$$;--> statement-breakpoint
ANALYZE "user_event_times";
