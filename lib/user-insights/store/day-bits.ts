// The day-bitmap rollup (`user_event_days`, migration 0053): per project, event name and end user, bit i of `days`
// is set when the user did the event on UTC day `first_day + i`, days counted from Monday 1900-01-01 (so a day
// number minus its remainder by 7 is the Monday of its ISO week). Retention, stickiness and lifecycle read it instead
// of the raw events when their range is made of whole UTC days.
import { sql, type SQL } from "drizzle-orm";

const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(1900, 0, 1);

/** Whether `t` is a UTC midnight, i.e. a range edge the day bitmaps can answer exactly. */
export const isUtcMidnight = (t: Date) => t.getTime() % DAY_MS === 0;

/** The day number of a UTC midnight (or of the day holding `t`). */
export const dayNumber = (t: Date) => Math.floor((t.getTime() - EPOCH_MS) / DAY_MS);

/** The UTC midnight of a day number, as the replies write it. */
export const dayIso = (day: number) => new Date(EPOCH_MS + day * DAY_MS).toISOString().replace(".000Z", "Z");

/**
 * Whether the bitmap in `alias` has a set bit in days [start, start + length) (SQL integers). `substring` clips a
 * start before the bitmap's first day (and a range past its end) on its own, so no bounds arithmetic is needed.
 */
export function activeIn(alias: string, start: SQL, length: SQL): SQL {
  const a = sql.raw(alias);
  return sql`position(B'1' in substring(${a}.days from (${start}) - ${a}.first_day + 1 for ${length})) > 0`;
}

/** How many days of [start, start + length) the bitmap in `alias` has set. */
export function activeDaysIn(alias: string, start: SQL, length: SQL): SQL {
  const a = sql.raw(alias);
  return sql`bit_count(substring(${a}.days from (${start}) - ${a}.first_day + 1 for ${length}))`;
}
