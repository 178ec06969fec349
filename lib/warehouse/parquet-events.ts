// The warm tier's events files, through DuckDB: write a day (merged with what the file already held), drop one user
// from a file, and read per-day activity over some files the way the Overview reads the hot events.
import type { DailyActivity } from "@/lib/overview/daily-activity";
import fs from "node:fs";
import type { MetricRoles } from "@/lib/catalog/definition";
import type { HotEventRow } from "./store/hot-events";
import { literal, readParquet, withDuckDb } from "./duckdb";
import { fileStats, replaceAtomically, type FileStats } from "./files";

/** The Parquet schema of an events file (the hot table's columns, times as TIMESTAMPTZ, properties as JSON). */
const EVENT_COLUMNS = "id varchar, user_id varchar, session_id varchar, name varchar, timestamp timestamptz, properties json, received_at timestamptz";
const PARQUET = "(format parquet, compression zstd)";
// Reads never take columns from the `event_date=` folder names: a file's columns are its own.

export interface WrittenFile extends FileStats {
  rows: number;
  /** Distinct end users in the file (the manifest's per-file user index). */
  userIds: string[];
}

/** Row count and distinct users of a Parquet file. */
async function describeFile(conn: import("@duckdb/node-api").DuckDBConnection, file: string) {
  const count = await conn.runAndReadAll(`select count(*)::bigint as n from read_parquet(${literal(file)}, hive_partitioning = false)`);
  const users = await conn.runAndReadAll(`select distinct user_id from read_parquet(${literal(file)}, hive_partitioning = false) where user_id is not null order by 1`);
  return { rows: Number(count.getRowObjectsJS()[0].n), userIds: users.getRowObjectsJS().map((r) => String(r.user_id)) };
}

/**
 * Writes one day's events file at `file` from the hot rows `pages` yields. Rows the existing file holds that are no
 * longer hot (their hot copy went with retention) are kept: events are immutable by id, so the union is the day.
 */
export async function writeEventsFile(file: string, pages: AsyncIterable<HotEventRow[]>): Promise<WrittenFile> {
  return withDuckDb(async (conn, duck) => {
    await conn.run(`create temp table hot_events (${EVENT_COLUMNS})`);
    const appender = await conn.createAppender("hot_events");
    for await (const page of pages) {
      for (const r of page) {
        appender.appendVarchar(r.id);
        if (r.userId === null) appender.appendNull();
        else appender.appendVarchar(r.userId);
        if (r.sessionId === null) appender.appendNull();
        else appender.appendVarchar(r.sessionId);
        appender.appendVarchar(r.name);
        appender.appendTimestampTZ(new duck.DuckDBTimestampTZValue(r.timestampUs));
        appender.appendVarchar(r.properties);
        appender.appendTimestampTZ(new duck.DuckDBTimestampTZValue(r.receivedAtUs));
        appender.endRow();
      }
      appender.flushSync();
    }
    appender.closeSync();
    const previous = fs.existsSync(file)
      ? ` union all select * from read_parquet(${literal(file)}, hive_partitioning = false) where id not in (select id from hot_events)`
      : "";
    return replaceAtomically(file, async (tmp) => {
      await conn.run(`copy (select * from (select * from hot_events${previous}) order by timestamp, id) to ${literal(tmp)} ${PARQUET}`);
      return { ...(await describeFile(conn, tmp)), ...(await fileStats(tmp)) };
    });
  });
}

/** Rewrites a warm file (events or any dataset: all have `user_id`) without one user's rows, in the same order (erasure). */
export async function rewriteWithoutUser(file: string, userId: string): Promise<WrittenFile> {
  return withDuckDb((conn) =>
    replaceAtomically(file, async (tmp) => {
      await conn.run(`copy (select * from read_parquet(${literal(file)}, hive_partitioning = false) where user_id is distinct from ${literal(userId)}) to ${literal(tmp)} ${PARQUET}`);
      return { ...(await describeFile(conn, tmp)), ...(await fileStats(tmp)) };
    }),
  );
}

/** How many rows of a file hold `needle` in any column, JSON properties included (the erasure proof's scan). */
export async function rowsMentioning(file: string, needle: string): Promise<number> {
  return withDuckDb(async (conn) => {
    const r = await conn.runAndReadAll(
      `select count(*)::bigint as n from read_parquet(${literal(file)}, hive_partitioning = false) t where contains(t::varchar, ${literal(needle)})`,
    );
    return Number(r.getRowObjectsJS()[0].n);
  });
}

/** A day read from the warm tier: the same figures the hot tier gives for it. */
export type WarmDay = DailyActivity;

/**
 * Per-day activity over the given events files, counting the catalog's role events in [fromUs, toUs) ranges (epoch
 * microseconds): the same figures liveDays (lib/overview/store) computes from the hot events.
 */
export async function warmEventDays(files: { file: string; day: string }[], ranges: [bigint, bigint][], roles: MetricRoles): Promise<WarmDay[]> {
  if (!files.length || !ranges.length) return [];
  const is = (name: string | null) => (name === null ? "false" : `name = ${literal(name)}`);
  const inRanges = ranges.map(([a, b]) => `(epoch_us(timestamp) >= ${a} and epoch_us(timestamp) < ${b})`).join(" or ");
  return withDuckDb(async (conn) => {
    // Grouped by the row's UTC day (a compacted file holds a month), as the hot tier groups its events.
    const reader = await conn.runAndReadAll(`
      select epoch_us(timestamp) // 86400000000 as day_number,
        count(*) filter (where ${is(roles.session)}) as sessions,
        count(distinct user_id) as active_users,
        count(*) filter (where ${is(roles.message)}) as messages,
        count(*) filter (where ${is(roles.error)}) as errors,
        count(*) filter (where ${is(roles.feedback)} and json_extract_string(properties, '$.thumbs') = 'up') as thumbs_up,
        count(*) filter (where ${is(roles.feedback)} and json_extract_string(properties, '$.thumbs') = 'down') as thumbs_down
      from ${readParquet(files.map((f) => f.file))}
      where ${inRanges}
      group by 1 order by 1`);
    return reader.getRowObjectsJS().map((r) => ({
      day: new Date(Number(r.day_number) * 86_400_000).toISOString().slice(0, 10),
      sessions: Number(r.sessions),
      activeUsers: Number(r.active_users),
      messages: Number(r.messages),
      errors: Number(r.errors),
      thumbsUp: Number(r.thumbs_up),
      thumbsDown: Number(r.thumbs_down),
    }));
  });
}
