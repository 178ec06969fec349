-- Issue 13: the Users list reads the users seen in a window (last seen since its start, first seen before its end)
-- from the last-seen index alone when a page cannot be filled from the sort's own index: first_seen_at joins the key
-- (after user_id, so the keyset order of the lastSeen sort is unchanged) and the window is an index-only scan instead
-- of a visit to every heap page holding one of its users.
DROP INDEX IF EXISTS "end_users_project_last_seen_idx";--> statement-breakpoint
CREATE INDEX "end_users_project_last_seen_idx" ON "end_users" USING btree ("project_id","last_seen_at","user_id","first_seen_at");
