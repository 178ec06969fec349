// The preference profile's activity signals (per-hour activity, thumbs, the last 30 days' actions and active days) and
// trace names (intents) for the days the warm tier answers: the same rows, in the same shapes, that profile-inputs.ts
// reads from the hot tables for every other day, so the two sum to what the hot tables gave before retention.
import { inRanges, readParquet, userIdTable, withDuckDb } from "@/lib/warehouse/duckdb";
import type { UsersWarmParts } from "./user-totals";

type Row = Record<string, unknown>;
const HOUR_US = 3_600_000_000n;
const DAY_US = 86_400_000_000n;
const us = (t: Date) => BigInt(t.getTime()) * 1000n;
const dayOf = (n: unknown) => new Date(Number(n) * 86_400_000).toISOString().slice(0, 10);

/** Activity rows (user_id, hour, n, events, up, down, recent, recent_thumbs, days) and name rows (user_id, value, count). */
export async function warmProfileSignals(parts: UsersWarmParts, userIds: string[], since: Date, until: Date): Promise<{ activity: Row[]; names: Row[] }> {
  const events = parts.events?.files.length ? parts.events : null;
  const traces = parts.traces?.files.length ? parts.traces : null;
  if (!events && !traces) return { activity: [], names: [] };
  return withDuckDb(async (conn) => {
    await userIdTable(conn, "wanted", userIds);
    const wanted = "user_id in (select user_id from wanted)";
    const thumbs = (v: string) => `name = 'feedback' and json_extract_string(properties, '$.thumbs') = '${v}'`;
    // Sampled-out traces' summaries are in the warm files; the hot reads see kept traces only.
    const parts = [
      events && `select user_id, timestamp as ts, ${thumbs("up")} as up, ${thumbs("down")} as down, true as is_event
        from ${readParquet(events.files)} where ${wanted} and ${inRanges("timestamp", events.ranges)}`,
      traces && `select user_id, timestamp, false, false, false
        from ${readParquet(traces.files)} where ${wanted} and not sampled and ${inRanges("timestamp", traces.ranges)}`,
    ].filter(Boolean);
    const recent = `epoch_us(ts) >= ${us(since)} and epoch_us(ts) < ${us(until)}`;
    const activity = (
      await conn.runAndReadAll(`
        with a as (${parts.join(" union all ")})
        select user_id, (epoch_us(ts) // ${HOUR_US}) % 24 as hour, count(*) as n, count(*) filter (where is_event) as events,
          count(*) filter (where up) as up, count(*) filter (where down) as down, count(*) filter (where ${recent}) as recent,
          count(*) filter (where (up or down) and ${recent}) as recent_thumbs,
          list(distinct epoch_us(ts) // ${DAY_US}) filter (where ${recent}) as days
        from a group by 1, 2`)
    ).getRowObjectsJS();
    const names = traces
      ? (
          await conn.runAndReadAll(`
            select user_id, name as value, count(*) as count from ${readParquet(traces.files)}
            where ${wanted} and not sampled and name is not null and ${inRanges("timestamp", traces.ranges)} group by 1, 2`)
        ).getRowObjectsJS()
      : [];
    return {
      activity: activity.map((r) => ({ ...r, days: ((r.days as unknown[] | null) ?? []).map(dayOf) })),
      names,
    };
  });
}
