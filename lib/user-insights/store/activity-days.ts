// Activity of stickiness and lifecycle from the day bitmaps (`user_event_days`) instead of raw event rows: per user,
// one bitmap of the UTC days [fromDay, toDay) they were active (bit i = day fromDay + i), and the first day they were
// ever active in the rollup. "Active" is as in ./activity.ts: the named event, or else any product event or trace;
// traces have no rollup, so their days come from the raw traces of the range (and, for lifecycle, one index probe
// per user for traces before it). Exact for whole UTC days only (the callers check).
import { sql, type SQL } from "drizzle-orm";
import { inCohort } from "./activity";

/** The bitmap in `alias` cut (or zero-padded) to the days [fromDay, fromDay + length), as a bit string of that length. */
function alignedDays(alias: string, fromDay: number, length: number): SQL {
  const a = sql.raw(alias);
  return sql`substring((repeat('0', greatest(${a}.first_day - ${fromDay}::int, 0))
      || substring(${a}.days from greatest(${fromDay}::int - ${a}.first_day, 0) + 1 for ${length}::int)::text
      || repeat('0', ${length}::int)) for ${length}::int)::bit varying`;
}

export interface DayRange {
  fromDay: number;
  toDay: number;
  from: Date;
  to: Date;
}

/**
 * Rows (user_id, bits, first_day): each user with a set bit in [fromDay, toDay), their active days there as a bit
 * string of length toDay - fromDay, and the first day of their events in the rollup (null for trace-only users).
 */
export function userDayBits(projectId: string, event: string | undefined, range: DayRange, cohort?: string): SQL {
  const length = range.toDay - range.fromDay;
  const member = (column: SQL) => (cohort ? sql` and ${inCohort(projectId, cohort, column)}` : sql``);
  const zeros = sql`repeat('0', ${length}::int)::bit varying`;
  const events = sql`select d.user_id, bit_or(${alignedDays("d", range.fromDay, length)}) as bits, min(d.first_day) as first_day
    from user_event_days d
    where d.project_id = ${projectId} and d.first_day < ${range.toDay}::int${event === undefined ? sql`` : sql` and d.name = ${event}`}${member(sql`d.user_id`)}
    group by d.user_id`;
  if (event !== undefined) return sql`select * from (${events}) ev where position(B'1' in ev.bits) > 0`;
  const traces = sql`select x.user_id, bit_or(set_bit(${zeros}, x.day - ${range.fromDay}::int, 1)) as bits
    from (select distinct src.user_id, ((src.timestamp at time zone 'UTC')::date - date '1900-01-01') as day from traces src
          where src.project_id = ${projectId} and src.user_id is not null
            and src.timestamp >= ${range.from.toISOString()}::timestamptz and src.timestamp < ${range.to.toISOString()}::timestamptz${member(sql`src.user_id`)}) x
    group by x.user_id`;
  return sql`select coalesce(ev.user_id, tr.user_id) as user_id, coalesce(ev.bits, ${zeros}) | coalesce(tr.bits, ${zeros}) as bits, ev.first_day
    from (${events}) ev full join (${traces}) tr on tr.user_id = ev.user_id
    where position(B'1' in coalesce(ev.bits, ${zeros}) | coalesce(tr.bits, ${zeros})) > 0`;
}
