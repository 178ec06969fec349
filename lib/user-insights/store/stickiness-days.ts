// Stickiness from the day bitmaps (./activity-days.ts): per UTC week or month overlapping [from, to), how many users
// had n set days in it, in one pass over one aligned bitmap per user. Same counts as ./stickiness.ts for whole UTC days.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { StickinessInput } from "../inputs";
import { next, startOf } from "../stickiness";
import { userDayBits } from "./activity-days";
import { dayIso, dayNumber } from "./day-bits";
import type { StickinessCount } from "./stickiness";

export async function stickinessCountsFromDays(db: Db, projectId: string, input: StickinessInput): Promise<StickinessCount[]> {
  const fromDay = dayNumber(input.from);
  const toDay = dayNumber(input.to);
  // Each period as (label, first bit, length) within [fromDay, toDay).
  const periods: { p: string; s: number; n: number }[] = [];
  for (let s = startOf(input.from, input.period); s < input.to; s = next(s, input.period)) {
    const first = Math.max(dayNumber(s), fromDay);
    const end = Math.min(dayNumber(next(s, input.period)), toDay);
    periods.push({ p: dayIso(dayNumber(s)), s: first - fromDay + 1, n: end - first });
  }
  const rows = rowsOf<StickinessCount>(
    await db.execute(sql`
      with u as (${userDayBits(projectId, input.event, { fromDay, toDay, from: input.from, to: input.to }, input.cohort)}),
      periods as (select * from jsonb_to_recordset(${JSON.stringify(periods)}::jsonb) as x(p text, s int, n int)),
      per_user as (select periods.p, bit_count(substring(u.bits from periods.s for periods.n))::int as days from u cross join periods)
      select p as period, days, count(*)::int as users from per_user where days > 0 group by p, days`),
  );
  return rows.map((r) => ({ period: r.period, days: Number(r.days), users: Number(r.users) }));
}
