// Lifecycle counts in one statement. Each user active in a UTC period of [from, to) is new (first activity ever in
// it), returning (active in the previous period too) or resurrecting (not in the previous one, but before); a user
// active in the previous period and not in this one is dormant.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { LifecycleInput } from "../inputs";
import { periodStart } from "../retention";
import { activeBefore, activityRows } from "./activity";

export type LifecycleStatus = "new" | "returning" | "resurrecting" | "dormant";

export interface LifecycleCount {
  period: string;
  status: LifecycleStatus;
  users: number;
}

export async function lifecycleCounts(db: Db, projectId: string, input: LifecycleInput): Promise<LifecycleCount[]> {
  const unit = input.period;
  const step = sql.raw(unit === "day" ? "interval '1 day'" : "interval '7 days'");
  const stepMs = (unit === "day" ? 1 : 7) * 86_400_000;
  // One period before the first one, to tell returning from resurrecting and who went dormant in the first period;
  // activity before that is only probed per user (was there any?), never scanned.
  const first = periodStart(input.from, unit);
  const lookback = new Date(first.getTime() - stepMs);
  const firstIso = first.toISOString();
  const rows = rowsOf<LifecycleCount>(
    await db.execute(sql`
      with act as (${activityRows(projectId, input.event, lookback, input.to, input.cohort)}),
      up as (select distinct user_id, date_trunc(${unit}, ts at time zone 'UTC') as p from act),
      -- Each active (user, period) next to the user's previous and next active periods: no self-joins.
      seq as (
        select user_id, p, lag(p) over w as prev_p, lead(p) over w as next_p
        from up window w as (partition by user_id order by p)),
      statuses as (
        select p, case
            when prev_p = p - ${step} then 'returning'
            when prev_p is not null or ${activeBefore(projectId, input.event, sql`seq.user_id`, lookback)} then 'resurrecting'
            else 'new' end as status
        from seq where p >= ${firstIso}::timestamp
        union all
        select p + ${step} as p, 'dormant' as status
        from seq where (next_p is null or next_p > p + ${step}) and (p + ${step}) at time zone 'UTC' < ${input.to.toISOString()}::timestamptz)
      select to_char(p, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as period, status, count(*)::int as users from statuses group by p, status`),
  );
  return rows.map((r) => ({ period: r.period, status: r.status, users: Number(r.users) }));
}
