// Which users' profiles are stale, and storing computed profiles (an upsert: a re-run writes the same rows).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { PreferenceProfile, ProfileInputs } from "../profile";

/** Profiles older than this are recomputed even without new activity (late scores, the engagement window moving). */
export const PROFILE_MAX_AGE_HOURS = 24;

/** Users with activity received since their profile was computed, without a profile, or with an old one. */
export async function staleProfileUsers(db: Db, projectId: string, limit: number): Promise<string[]> {
  const rows = rowsOf<{ user_id: string }>(
    await db.execute(sql`
      select eu.user_id from end_users eu
      left join end_user_profiles p on p.project_id = eu.project_id and p.user_id = eu.user_id
      where eu.project_id = ${projectId}
        and (p.user_id is null or p.computed_at < eu.activity_received_at or p.computed_at < eu.updated_at
             or p.computed_at < now() - make_interval(hours => ${PROFILE_MAX_AGE_HOURS}))
      order by eu.user_id limit ${limit}`),
  );
  return rows.map((r) => r.user_id);
}

export async function writeProfiles(db: Db, projectId: string, rows: { inputs: ProfileInputs; profile: PreferenceProfile }[]) {
  if (rows.length === 0) return;
  const values = rows.map(
    ({ inputs: i, profile }) =>
      sql`(${projectId}::uuid, ${i.userId}, now(), ${i.eventCount}, ${i.sessionCount}, ${i.traceCount}, ${i.costUsd}, ${profile.engagement.score}, ${JSON.stringify(profile)}::jsonb)`,
  );
  await db.execute(sql`
    insert into end_user_profiles (project_id, user_id, computed_at, event_count, session_count, trace_count, cost_usd, engagement_score, profile)
    values ${sql.join(values, sql`, `)}
    on conflict (project_id, user_id) do update set computed_at = excluded.computed_at, event_count = excluded.event_count,
      session_count = excluded.session_count, trace_count = excluded.trace_count, cost_usd = excluded.cost_usd,
      engagement_score = excluded.engagement_score, profile = excluded.profile`);
}
