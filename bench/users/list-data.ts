// Generated end users for the Users list benchmark, inside the database. Activity is skewed as in a live product:
// users first seen over the year before NOW, each last seen somewhere between then and NOW (about 4% of them in the
// last 7 days); every user has a profile (cost and traces, as the profile job leaves them); the users active in the
// last 28 days carry a churn score (in churn_scores and on end_users); one saved cohort holds every tenth user. Ids
// share a prefix, as real ids do. The tables are vacuumed (unless `vacuum: false`), as autovacuum soon leaves them, so
// no run meets a visibility map that autovacuum is setting halfway through (index-only scans depend on it).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { copyRisksToEndUsers } from "@/lib/insights/store/churn-models";

export const LIST_NOW = new Date("2026-11-30T00:00:00Z");

/** A pseudo-random fraction in [0, 1) of the generated user `g` (SQL), one per `salt`. */
const frac = (salt: number) => sql.raw(`(((g::bigint * ${salt}) % 1000003) / 1000003.0)`);

/** Users user_0000001..; returns the cohort's id. */
export async function insertListUsers(db: Db, projectId: string, n: number, { vacuum = true } = {}): Promise<{ cohortId: string }> {
  const now = LIST_NOW.toISOString();
  // first seen uniform over 365 days; last seen at a power of a uniform fraction of the time since (skewed to early).
  await db.execute(sql`insert into end_users (project_id, user_id, plan, country, email, first_seen_at, last_seen_at)
    select ${projectId}::uuid, 'user_' || lpad(g::text, 7, '0'), (array['free', 'pro', 'team'])[1 + g % 3], 'DE',
      case when g % 2 = 0 then 'person' || g || '@example.com' end, f, f + (${now}::timestamptz - f) * power(${frac(7919)}, 6)
    from (select g, ${now}::timestamptz - ${frac(104729)} * interval '365 days' as f from generate_series(1, ${n}) g) s`);
  await db.execute(sql`insert into end_user_profiles (project_id, user_id, computed_at, trace_count, cost_usd, engagement_score)
    select ${projectId}::uuid, 'user_' || lpad(g::text, 7, '0'), ${now}::timestamptz, (power(${frac(15485863)}, 3) * 400)::int,
      round((power(${frac(32452843)}, 3) * 50)::numeric, 4)::float8, g % 101
    from generate_series(1, ${n}) g`);
  const [model] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into churn_models (project_id, trained_at, churn_days, model, evaluation)
      values (${projectId}::uuid, ${now}::timestamptz, 14, '{}'::jsonb, '{}'::jsonb) returning id`),
  );
  await db.execute(sql`insert into churn_scores (project_id, user_id, model_id, risk, reasons)
    select eu.project_id, eu.user_id, ${model.id}::uuid, (hashtext(eu.user_id)::bigint & 65535) / 65536.0, '[]'::jsonb
    from end_users eu where eu.project_id = ${projectId}::uuid and eu.last_seen_at >= ${now}::timestamptz - interval '28 days'`);
  await copyRisksToEndUsers(db, projectId); // as the churn job does, in its transaction
  const [cohort] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into cohorts (project_id, name, definition) values (${projectId}::uuid, 'every tenth', '{"static": []}'::jsonb) returning id`),
  );
  await db.execute(sql`insert into cohort_members (project_id, cohort_id, user_id)
    select ${projectId}::uuid, ${cohort.id}::uuid, 'user_' || lpad(g::text, 7, '0') from generate_series(10, ${n}, 10) g`);
  for (const t of ["end_users", "end_user_profiles", "churn_scores", "cohort_members"]) await db.execute(sql.raw(`${vacuum ? "vacuum analyze" : "analyze"} ${t}`));
  return { cohortId: cohort.id };
}
