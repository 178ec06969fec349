// Stickiness counts in one statement: per UTC week (Monday) or month, how many users were active on n distinct days
// of it, counting only days inside [from, to).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { StickinessInput } from "../inputs";
import { activityRows } from "./activity";

export interface StickinessCount {
  period: string;
  days: number;
  users: number;
}

export async function stickinessCounts(db: Db, projectId: string, input: StickinessInput): Promise<StickinessCount[]> {
  const rows = rowsOf<StickinessCount>(
    await db.execute(sql`
      with act as (${activityRows(projectId, input.event, input.from, input.to, input.cohort)}),
      active_days as (select distinct user_id, date_trunc('day', ts at time zone 'UTC') as d from act),
      per_user as (select user_id, date_trunc(${input.period}, d) as p, count(*)::int as days from active_days group by user_id, p)
      select to_char(p, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as period, days, count(*)::int as users from per_user group by p, days`),
  );
  return rows.map((r) => ({ period: r.period, days: Number(r.days), users: Number(r.users) }));
}
