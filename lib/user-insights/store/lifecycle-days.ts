// Lifecycle from the day bitmaps (./activity-days.ts), same statuses as ./lifecycle.ts for whole UTC days: per user,
// one aligned bitmap from the period before the first one to `to`; period k's status follows from its bits, the
// previous period's, and whether any activity came before it (earlier bits, the rollup's first day, or a trace).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { LifecycleInput } from "../inputs";
import { periodStart } from "../retention";
import { traceBefore } from "./activity";
import { userDayBits } from "./activity-days";
import { dayIso, dayNumber } from "./day-bits";
import type { LifecycleCount } from "./lifecycle";

export async function lifecycleCountsFromDays(db: Db, projectId: string, input: LifecycleInput): Promise<LifecycleCount[]> {
  const len = input.period === "day" ? 1 : 7;
  const lookbackDay = dayNumber(periodStart(input.from, input.period)) - len;
  const lookback = new Date(Date.UTC(1900, 0, 1) + lookbackDay * 86_400_000);
  const toDay = dayNumber(input.to);
  // Period k (1..) starts at bit k * len + 1; period 0 is the look-back period.
  const periods = Math.ceil((toDay - lookbackDay) / len);
  const bitsOf = (k: string) => sql`substring(u.bits from ${sql.raw(k)} * ${len}::int + 1 for ${len}::int)`;
  const active = (k: string) => sql`position(B'1' in ${bitsOf(k)}) > 0`;
  // Trace activity before the look-back period has no bits: probed per user, only when the events say nothing.
  const earlier =
    input.event === undefined
      ? sql`(u.first_day < ${lookbackDay}::int or ${traceBefore(projectId, sql`u.user_id`, lookback)})`
      : sql`u.first_day < ${lookbackDay}::int`;
  const rows = rowsOf<{ k: number; status: LifecycleCount["status"]; users: number }>(
    await db.execute(sql`
      with u as (${userDayBits(projectId, input.event, { fromDay: lookbackDay, toDay, from: lookback, to: input.to }, input.cohort)}),
      cells as (
        select k, ${active("k")} as now, ${active("(k - 1)")} as prev,
               position(B'1' in substring(u.bits from 1 for k * ${len}::int)) > 0 as seen, u.first_day, u.user_id
        from u cross join generate_series(1, ${periods - 1}::int) k),
      statuses as (
        select k, case when prev then 'returning' when seen or ${earlier} then 'resurrecting' else 'new' end as status
        from cells u where now
        union all
        select k, 'dormant' from cells where prev and not now)
      select k, status, count(*)::int as users from statuses group by k, status`),
  );
  return rows.map((r) => ({ period: dayIso(lookbackDay + Number(r.k) * len), status: r.status, users: Number(r.users) }));
}
