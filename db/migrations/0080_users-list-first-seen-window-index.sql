-- Issue 13: the Users list sorted by first seen reads a window (last seen since its start) on the first-seen index
-- entries alone: last_seen_at joins the key (after user_id, so the keyset order is unchanged), as first_seen_at did
-- on the last-seen index in 0075. Sorted oldest first, the users first seen longest ago are rarely in a recent
-- window: the candidates were checked by reading each one's row (4,000 heap visits a page at 1M users).
DROP INDEX IF EXISTS "end_users_project_first_seen_idx";--> statement-breakpoint
CREATE INDEX "end_users_project_first_seen_idx" ON "end_users" USING btree ("project_id","first_seen_at","user_id","last_seen_at");--> statement-breakpoint
DROP INDEX IF EXISTS "end_users_high_risk_first_seen_idx";--> statement-breakpoint
CREATE INDEX "end_users_high_risk_first_seen_idx" ON "end_users" USING btree ("project_id","first_seen_at","user_id","last_seen_at") WHERE "end_users"."churn_risk" >= 0.5;
--> statement-breakpoint
-- The trigrams most user ids and emails share, with their frequencies (ANALYZE fills pg_stats_ext_exprs): the Users
-- list's search asks the trigram indexes for a part of the search whose trigrams are rare, not for trigrams that
-- every id holds (whose posting trees a search read whole: 5-10x the rest of the scan at 1M users).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE STATISTICS IF NOT EXISTS "end_users_user_id_trigrams" ON (show_trgm("user_id")) FROM "end_users";
    CREATE STATISTICS IF NOT EXISTS "end_users_email_trigrams" ON (show_trgm("email")) FROM "end_users";
  END IF;
END $$;
