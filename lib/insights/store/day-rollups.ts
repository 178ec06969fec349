/**
 * The daily tier of the root cause rollups, both grains: per UTC day and segment, the day's 24 hourly rows merged, so
 * an analysis over a week reads 7 rows per segment instead of 168. Traces: sums added, first_at the earliest, latency
 * sketches merged bucket by bucket (DDSketch sketches merge exactly by adding counts); events: counts per name and
 * thumbs value added. Both grains' rows of a day are built in one transaction and listed once: a day is built only
 * when all 24 of its hours were rolled up after they closed with the same metadata keys, and listed in
 * root_cause_rollup_days; anything that changes one of its hours (a recompute, late data marking it stale) drops the
 * day first (both grains' rows), and the job rebuilds it once the hours are whole again. Readers use a day only where
 * its hours are covered too (./segment-rollups.ts). The day's rows per end user (./user-day-rollups.ts) are built from
 * its traces and events in the same transaction and dropped with the rest.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Window } from "./segments";
import { userDayInsert, userEventDayInsert } from "./user-day-rollups";

const DAY = 86_400_000;
const floorDay = (t: number) => Math.floor(t / DAY) * DAY;

/** The segment and measure columns the hourly and daily trace rollups share, in one order. */
const SEGMENT = ["dim_a", "value_a", "dim_b", "value_b", "dim_c", "value_c"];
const SUMS = ["traces", "errors", "cost", "cost2", "tokens", "tokens2", "timed", "latency", "latency2", "votes", "votes2", "downs", "downs2", "downs_votes"];
const columns = (names: string[]) => sql.join(names.map((c) => sql.identifier(c)), sql`, `);
const segmentCols = columns(SEGMENT);
/** The event rollups' key columns (every one but the count), hourly and daily. */
const EVENT_KEY = ["name", "thumbs", "dim_a", "value_a", "dim_b", "value_b"];
const eventKeyCols = columns(EVENT_KEY);

/**
 * Each grain's hourly and daily tables and the columns they share (all but project_id and the time column: hour in
 * the hourly table, day in the daily one).
 */
export const ROLLUP_TIERS = {
  trace: { hourly: "root_cause_rollups", daily: "root_cause_day_rollups", columns: columns([...SEGMENT, ...SUMS, "first_at", "lat_bins", "lat_counts"]) },
  event: { hourly: "root_cause_event_rollups", daily: "root_cause_event_day_rollups", columns: columns([...EVENT_KEY, "events"]) },
} as const;
/** The daily tables: both grains' segment rows and their rows per end user (./user-day-rollups.ts). */
const dailyTables = [...Object.values(ROLLUP_TIERS).map((t) => t.daily), "root_cause_user_day_rollups", "root_cause_user_event_day_rollups"].map((t) => sql.identifier(t));

/** Statements that drop the days matching `days` (a condition on `day`): their ledger entries and both grains' rows. */
const dropDaysWhere = (projectId: string, days: SQL): SQL[] =>
  [sql`root_cause_rollup_days`, ...dailyTables].map((t) => sql`delete from ${t} where project_id = ${projectId} and ${days}`);

export const toTextArray = (xs: string[]) => (xs.length === 0 ? sql`'{}'::text[]` : sql`array[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`);

/** Statements that drop the days overlapping [from, to) (their rows and their ledger entries). */
export function dropDays(projectId: string, from: Date, to: Date): SQL[] {
  const range = sql`day >= ${new Date(floorDay(from.getTime())).toISOString()}::timestamptz and day < ${to.toISOString()}::timestamptz`;
  return dropDaysWhere(projectId, range);
}

/** Drops the days of the given hours (hour starts computed in SQL by `hours`, a select of one timestamptz column). */
export function dropDaysOfHours(projectId: string, hours: SQL): SQL[] {
  const days = sql`(select distinct date_bin('1 day', h, timestamptz '2000-01-01 00:00:00+00') from (${hours}) x(h))`;
  return dropDaysWhere(projectId, sql`day in ${days}`);
}

/**
 * Builds every day overlapping [from, to) that is not built yet and whose 24 hours are rolled up after they closed
 * with the metadata keys `keys` (both grains: the hours ledger covers both); a transaction per day. Returns the days
 * built.
 */
export async function buildDayRollups(db: Db, projectId: string, from: Date, to: Date, keys: string[], now = new Date()): Promise<number> {
  const lo = new Date(floorDay(from.getTime())).toISOString(), hi = new Date(floorDay(to.getTime() - 1) + DAY).toISOString();
  const whole = rowsOf<{ day: Date | string }>(
    await db.execute(sql`
      select date_bin('1 day', hour, timestamptz '2000-01-01 00:00:00+00') as day from root_cause_rollup_hours
      where project_id = ${projectId} and hour >= ${lo}::timestamptz and hour < ${hi}::timestamptz
        and computed_at >= hour + interval '1 hour' and dimension_keys = ${toTextArray(keys)}
      group by 1 having count(*) = 24
      except select day from root_cause_rollup_days where project_id = ${projectId}
      order by 1`),
  );
  for (const { day } of whole) {
    const d = new Date(day).toISOString();
    await db.transaction(async (tx) => {
      for (const stmt of dropDays(projectId, new Date(d), new Date(new Date(d).getTime() + DAY))) await tx.execute(stmt);
      // One pass, hash-aggregated: each hourly row unnested into its buckets plus one bucket-less row carrying its sums,
      // grouped per (segment, bucket), then per segment (a join of separately grouped sums and sketches sorted
      // 1.5M rows on disk per day of 1M traces, 4× slower).
      await tx.execute(sql`
        with per_bucket as (
          select ${segmentCols}, u.b, sum(u.n)::int as n, ${sql.join(SUMS.map((c) => sql`sum(h.${sql.identifier(c)}) filter (where u.b is null) as ${sql.identifier(c)}`), sql`, `)}, min(h.first_at) as first_at
          from root_cause_rollups h
            cross join lateral (select x.b, x.n from unnest(h.lat_bins, h.lat_counts) as x(b, n) union all select null::smallint, null::int) u
          where h.project_id = ${projectId} and h.hour >= ${d}::timestamptz and h.hour < ${d}::timestamptz + interval '1 day'
          group by ${segmentCols}, u.b
        )
        insert into root_cause_day_rollups (project_id, day, ${ROLLUP_TIERS.trace.columns})
        select ${projectId}::uuid, ${d}::timestamptz, ${segmentCols}, ${sql.join(SUMS.map((c) => sql`sum(${sql.identifier(c)})`), sql`, `)}, min(first_at),
          coalesce(array_agg(b order by b) filter (where b is not null), '{}'::smallint[]), coalesce(array_agg(n order by b) filter (where b is not null), '{}'::int[])
        from per_bucket group by ${segmentCols}`);
      await tx.execute(sql`
        insert into root_cause_event_day_rollups (project_id, day, ${eventKeyCols}, events)
        select ${projectId}::uuid, ${d}::timestamptz, ${eventKeyCols}, sum(events) from root_cause_event_rollups
        where project_id = ${projectId} and hour >= ${d}::timestamptz and hour < ${d}::timestamptz + interval '1 day'
        group by ${eventKeyCols}`);
      await tx.execute(userDayInsert(projectId, new Date(d), keys));
      await tx.execute(userEventDayInsert(projectId, new Date(d), keys));
      await tx.execute(sql`insert into root_cause_rollup_days (project_id, day, computed_at, dimension_keys) values (${projectId}, ${d}::timestamptz, ${now.toISOString()}::timestamptz, ${toTextArray(keys)})`);
    });
  }
  return whole.length;
}

/**
 * The whole UTC days inside the covered hour ranges whose daily rollups are built with (at least) the given metadata
 * keys, and the covered hours outside them.
 */
export async function splitDays(db: Db, projectId: string, covered: Window[], keys: string[]): Promise<{ days: Window[]; hours: Window[] }> {
  const candidates = covered.flatMap((c) => {
    const out: Window[] = [];
    for (let d = Math.ceil(c.from.getTime() / DAY) * DAY; d + DAY <= c.to.getTime(); d += DAY) out.push({ from: new Date(d), to: new Date(d + DAY) });
    return out;
  });
  if (candidates.length === 0) return { days: [], hours: covered };
  const built = new Set(
    rowsOf<{ day: Date | string }>(
      await db.execute(sql`
        select day from root_cause_rollup_days where project_id = ${projectId}
          and day in (${sql.join(candidates.map((c) => sql`${c.from.toISOString()}::timestamptz`), sql`, `)})${keys.length > 0 ? sql` and dimension_keys @> ${toTextArray(keys)}` : sql``}`),
    ).map((r) => new Date(r.day).getTime()),
  );
  const days = candidates.filter((c) => built.has(c.from.getTime()));
  const hours: Window[] = [];
  for (const c of covered) {
    let at = c.from.getTime();
    for (const d of days) {
      if (d.from.getTime() < at || d.to.getTime() > c.to.getTime()) continue;
      if (d.from.getTime() > at) hours.push({ from: new Date(at), to: d.from });
      at = d.to.getTime();
    }
    if (at < c.to.getTime()) hours.push({ from: new Date(at), to: c.to });
  }
  return { days, hours };
}
