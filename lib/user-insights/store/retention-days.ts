// Retention from the day bitmaps (`user_event_days`) instead of the raw events: one row per user and event name, so
// 12 weekly periods over 20M events read two rows per user. Exact when `from` and `to` are UTC midnights (the only
// case `retentionCounts` sends here): a user's first start event in [from, to) is the first set bit of their start
// bitmap in those days, and "returned in period k" is any set bit in that period's days.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { RetentionInput } from "../inputs";
import { breakdownJoin } from "./breakdown";
import { activeIn, dayIso, dayNumber } from "./day-bits";
import type { RetentionCount } from "./retention";

export async function retentionCountsFromDays(db: Db, projectId: string, input: RetentionInput): Promise<RetentionCount[]> {
  const len = input.period === "day" ? 1 : 7;
  const fromDay = dayNumber(input.from);
  const toDay = dayNumber(input.to);
  const { join, key } = breakdownJoin(projectId, input.breakdown, sql`f.user_id`);
  const ks = Array.from({ length: input.periods - 1 }, (_, i) => i + 1);
  const retained = ks.map((k) => sql`, count(*) filter (where ${activeIn("r", sql`s.cohort + ${k * len}`, sql`${len}`)})::int as ${sql.raw(`k${k}`)}`);
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      with firsts as (
        select user_id, first_day + o + position(B'1' in substring(days from o + 1 for ${toDay} - first_day - o)) - 1 as day
        from (select user_id, first_day, days, greatest(${fromDay} - first_day, 0) as o from user_event_days
              where project_id = ${projectId} and name = ${input.startEvent}
                and first_day < ${toDay} and first_day + length(days) > ${fromDay}) b
        where position(B'1' in substring(days from o + 1 for ${toDay} - first_day - o)) > 0),
      s as (select f.user_id, f.day - f.day % ${len} as cohort, ${key} as key from firsts f${join})
      select s.key, s.cohort, count(*)::int as k0${sql.join(retained, sql``)}
      from s left join user_event_days r on r.project_id = ${projectId} and r.name = ${input.returnEvent} and r.user_id = s.user_id
      group by s.key, s.cohort`),
  );
  const counts: RetentionCount[] = [];
  for (const row of rows) {
    const cohort = dayIso(Number(row.cohort));
    counts.push({ key: row.key === null ? null : String(row.key), cohort, k: 0, users: Number(row.k0) });
    for (const k of ks) if (Number(row[`k${k}`]) > 0) counts.push({ key: row.key === null ? null : String(row.key), cohort, k, users: Number(row[`k${k}`]) });
  }
  return counts;
}
