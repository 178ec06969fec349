// Retention from the raw events when the range reaches days past hot retention: those days' events are read from the
// warm tier's Parquet files (DuckDB), every other event from the hot table, and the two combine to the counts
// retentionCounts computes when all events are hot. Each side gives a user's first start event in [from, to) and the
// UTC days they did the return event (deduplicated); the cohort and period k follow here exactly as in the SQL:
// cohort = the period of the first start, k = periods between the cohort and the return's period, 1 <= k < periods.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { inRanges, literal, readParquet, userIdTable, withDuckDb } from "@/lib/warehouse/duckdb";
import { outsideRanges } from "@/lib/warehouse/store/ranges";
import { splitByTier } from "@/lib/warehouse/warm-reads";
import type { RetentionInput } from "../inputs";
import { periodStart } from "../retention";
import { breakdownJoin } from "./breakdown";
import type { RetentionCount } from "./retention";

const DAY_MS = 86_400_000;
const DAY_US = 86_400_000_000n;
const iso = (t: Date) => t.toISOString().replace(".000Z", "Z");

/** Each starter's breakdown keys (a user in two saved cohorts has two, a user in none of them none); [null] without one. */
async function breakdownKeys(db: Db, projectId: string, input: RetentionInput, userIds: string[]): Promise<Map<string, (string | null)[]>> {
  if (input.breakdown === undefined) return new Map(userIds.map((u) => [u, [null]]));
  const { join, key } = breakdownJoin(projectId, input.breakdown, sql`f.user_id`);
  const rows = rowsOf<{ user_id: string; key: string }>(
    await db.execute(sql`select f.user_id, ${key} as key from (select jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb) as user_id) f${join}`),
  );
  const keys = new Map<string, string[]>();
  for (const r of rows) keys.set(r.user_id, [...(keys.get(r.user_id) ?? []), r.key]);
  return keys;
}

/**
 * The retention counts over both tiers, or null when no day the query reads is past hot retention with a warm file
 * (the hot SQL answers alone). Reads events in [period of `from`, last cohort's period + `periods`), as the SQL does.
 */
export async function retentionCountsAcrossTiers(db: Db, projectId: string, input: RetentionInput, now: Date, root?: string): Promise<RetentionCount[] | null> {
  const stepMs = (input.period === "day" ? 1 : 7) * DAY_MS;
  const readFrom = periodStart(input.from, input.period);
  const readTo = new Date(periodStart(new Date(input.to.getTime() - 1), input.period).getTime() + input.periods * stepMs);
  const split = await splitByTier(db, projectId, [[readFrom, readTo]], now, root, "events");
  if (!split.warm.files.length) return null;
  const warm = split.warm.ranges;
  const files = readParquet(split.warm.files.map((f) => f.file));
  const [fromIso, toIso] = [input.from.toISOString(), input.to.toISOString()];

  // First start event per user: the earlier of the hot and the warm minimum.
  const firstAt = new Map<string, number>();
  const keepFirst = (user: string, ms: number) => {
    const seen = firstAt.get(user);
    if (seen === undefined || ms < seen) firstAt.set(user, ms);
  };
  const hotFirsts = rowsOf<{ user_id: string; first_ms: string }>(
    await db.execute(sql`
      select user_id, floor(extract(epoch from min(timestamp)) * 1000)::bigint::text as first_ms from events
      where project_id = ${projectId} and user_id is not null and name = ${input.startEvent}
        and timestamp >= ${fromIso}::timestamptz and timestamp < ${toIso}::timestamptz and ${outsideRanges(sql`timestamp`, warm)}
      group by user_id`),
  );
  for (const r of hotFirsts) keepFirst(r.user_id, Number(r.first_ms));

  const returnDays = new Map<string, Set<number>>();
  const addReturn = (user: string, day: number) => {
    const days = returnDays.get(user) ?? new Set<number>();
    days.add(day);
    returnDays.set(user, days);
  };
  await withDuckDb(async (conn) => {
    const firsts = await conn.runAndReadAll(`
      select user_id, epoch_ms(min(timestamp))::double as first_ms from ${files}
      where user_id is not null and name = ${literal(input.startEvent)} and ${inRanges("timestamp", [[input.from, input.to]])} and ${inRanges("timestamp", warm)}
      group by user_id`);
    for (const r of firsts.getRowObjectsJS()) keepFirst(String(r.user_id), Number(r.first_ms));
    if (!firstAt.size) return;
    await userIdTable(conn, "starters", firstAt.keys());
    const returns = await conn.runAndReadAll(`
      select distinct user_id, (epoch_us(timestamp) // ${DAY_US})::bigint as day from ${files}
      where name = ${literal(input.returnEvent)} and user_id in (select user_id from starters)
        and ${inRanges("timestamp", [[readFrom, readTo]])} and ${inRanges("timestamp", warm)}`);
    for (const r of returns.getRowObjectsJS()) addReturn(String(r.user_id), Number(r.day));
  });
  if (!firstAt.size) return [];
  const starters = [...firstAt.keys()];
  const hotReturns = rowsOf<{ user_id: string; day: number | string }>(
    await db.execute(sql`
      select distinct user_id, floor(extract(epoch from timestamp) / 86400)::int as day from events
      where project_id = ${projectId} and name = ${input.returnEvent}
        and user_id in (select jsonb_array_elements_text(${JSON.stringify(starters)}::jsonb))
        and timestamp >= ${readFrom.toISOString()}::timestamptz and timestamp < ${readTo.toISOString()}::timestamptz
        and ${outsideRanges(sql`timestamp`, warm)}`),
  );
  for (const r of hotReturns) addReturn(r.user_id, Number(r.day));

  const keys = await breakdownKeys(db, projectId, input, starters);
  const cells = new Map<string, RetentionCount>();
  const count = (key: string | null, cohort: string, k: number) => {
    const id = `${key ?? "\u0000"}|${cohort}|${k}`;
    const cell = cells.get(id) ?? { key, cohort, k, users: 0 };
    cell.users++;
    cells.set(id, cell);
  };
  for (const [user, first] of firstAt) {
    const cohortMs = periodStart(new Date(first), input.period).getTime();
    const cohort = iso(new Date(cohortMs));
    const ks = new Set<number>();
    for (const day of returnDays.get(user) ?? []) {
      const k = Math.floor((periodStart(new Date(day * DAY_MS), input.period).getTime() - cohortMs) / stepMs);
      if (k >= 1 && k < input.periods) ks.add(k);
    }
    for (const key of keys.get(user) ?? []) {
      count(key, cohort, 0);
      for (const k of ks) count(key, cohort, k);
    }
  }
  return [...cells.values()];
}
