// Retention counts in one statement: each user's cohort is the UTC period of their first start event in [from, to);
// they are retained in period k when a return event falls in cohort period + k.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { RetentionInput } from "../inputs";
import { breakdownJoin } from "./breakdown";

export interface RetentionCount {
  key: string | null;
  cohort: string;
  k: number;
  users: number;
}

export async function retentionCounts(db: Db, projectId: string, input: RetentionInput): Promise<RetentionCount[]> {
  const unit = input.period;
  const step = sql.raw(unit === "day" ? "interval '1 day'" : "interval '7 days'");
  const daysPerPeriod = unit === "day" ? 1 : 7;
  const { join, key } = breakdownJoin(projectId, input.breakdown, sql`f.user_id`);
  const rows = rowsOf<{ key: string | null; cohort: string; k: number; users: number }>(
    await db.execute(sql`
      with firsts as (
        select user_id, min(timestamp) as first_at from events
        where project_id = ${projectId} and user_id is not null and name = ${input.startEvent}
          and timestamp >= ${input.from.toISOString()}::timestamptz and timestamp < ${input.to.toISOString()}::timestamptz
        group by user_id),
      starts as (
        select f.user_id, date_trunc(${unit}, f.first_at at time zone 'UTC') as cohort, ${key} as key from firsts f${join}),
      returns as (
        select distinct s.user_id, s.key, s.cohort,
          ((date_trunc(${unit}, e.timestamp at time zone 'UTC')::date - s.cohort::date) / ${daysPerPeriod})::int as k
        from starts s join events e on e.project_id = ${projectId} and e.user_id = s.user_id and e.name = ${input.returnEvent}
          and e.timestamp >= (s.cohort at time zone 'UTC') and e.timestamp < ((s.cohort + ${input.periods} * ${step}) at time zone 'UTC'))
      select key, to_char(cohort, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as cohort, 0 as k, count(*)::int as users from starts group by key, cohort
      union all
      select key, to_char(cohort, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as cohort, k, count(*)::int as users from returns where k >= 1 group by key, cohort, k`),
  );
  return rows.map((r) => ({ key: r.key, cohort: r.cohort, k: Number(r.k), users: Number(r.users) }));
}
