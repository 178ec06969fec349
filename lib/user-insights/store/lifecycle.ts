// Lifecycle counts in one statement. Each user active in a UTC period of [from, to) is new (first activity ever in
// it), returning (active in the previous period too) or resurrecting (not in the previous one, but before); a user
// active in the previous period and not in this one is dormant.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { LifecycleInput } from "../inputs";
import { periodStart } from "../retention";
import { activityRows } from "./activity";

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
  // One period before the first one, to tell returning from resurrecting and who went dormant in the first period.
  const first = periodStart(input.from, unit);
  const lookback = new Date(first.getTime() - stepMs);
  const firstIso = first.toISOString();
  const rows = rowsOf<LifecycleCount>(
    await db.execute(sql`
      with act as (${activityRows(projectId, input.event, lookback, input.to, input.cohort)}),
      up as (select distinct user_id, date_trunc(${unit}, ts at time zone 'UTC') as p from act),
      firsts as (
        select a.user_id, date_trunc(${unit}, min(a.ts) at time zone 'UTC') as first_p
        from (${activityRows(projectId, input.event, null, input.to, input.cohort)}) a
        where a.user_id in (select user_id from up where p >= ${firstIso}::timestamp)
        group by a.user_id),
      statuses as (
        select cur.p, case when f.first_p = cur.p then 'new' when prev.user_id is not null then 'returning' else 'resurrecting' end as status
        from up cur join firsts f on f.user_id = cur.user_id
          left join up prev on prev.user_id = cur.user_id and prev.p = cur.p - ${step}
        where cur.p >= ${firstIso}::timestamp
        union all
        select prev.p + ${step} as p, 'dormant' as status
        from up prev left join up cur on cur.user_id = prev.user_id and cur.p = prev.p + ${step}
        where cur.user_id is null and (prev.p + ${step}) at time zone 'UTC' < ${input.to.toISOString()}::timestamptz)
      select to_char(p, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as period, status, count(*)::int as users from statuses group by p, status`),
  );
  return rows.map((r) => ({ period: r.period, status: r.status, users: Number(r.users) }));
}
