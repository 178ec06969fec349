// One upsert per batch: creates unseen users (traits unknown), widens first/last seen of known ones and stamps the
// batch's database time (the profile job's dirty mark). It leaves updated_at alone (no trait changed), so the
// experiment results job does not re-read these users.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Sightings } from "../sightings";

const CHUNK = 1000;

export async function recordSightings(db: Db, projectId: string, seen: Sightings) {
  const rows = [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // a stable lock order across batches
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows
      .slice(i, i + CHUNK)
      .map(([userId, s]) => sql`(${projectId}::uuid, ${userId}, ${s.first.toISOString()}::timestamptz, ${s.last.toISOString()}::timestamptz, now())`);
    await db.execute(sql`
      insert into end_users (project_id, user_id, first_seen_at, last_seen_at, activity_received_at)
      values ${sql.join(values, sql`, `)}
      on conflict (project_id, user_id) do update set
        first_seen_at = least(end_users.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(end_users.last_seen_at, excluded.last_seen_at),
        activity_received_at = now()`);
  }
}
