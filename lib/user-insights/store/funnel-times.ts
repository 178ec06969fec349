// Reads the funnel's input from the rollup (`user_event_times`): per user, the sorted times of each step's event,
// from the chunks that overlap [from, to + window] (one chunk per event name and user unless they did it more than
// 128 times), instead of one row per event. Only for steps without property filters (the rollup does not keep
// properties); lib/user-insights/insights.ts sends the others to the raw SQL.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Breakdown } from "../inputs";
import type { UserTimeline } from "../funnel-timeline";
import { breakdownJoin } from "./breakdown";

type Range = { from: Date; to: Date; windowSeconds: number };

/** Segment header: the step event's index (int16) and the byte length of its times (int32), big-endian. */
const HEADER = 6;

/** One user's packed segments (one per chunk) into sorted times per event name; times are 8-byte big-endian doubles. */
function unpack(packed: Uint8Array, names: string[]): Map<string, Float64Array> {
  const buf = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const counts = new Array<number>(names.length).fill(0);
  for (let o = 0; o < buf.length; o += HEADER + buf.readInt32BE(o + 2)) counts[buf.readInt16BE(o)] += buf.readInt32BE(o + 2) / 8;
  const arrays = counts.map((n) => new Float64Array(n));
  const filled = new Array<number>(names.length).fill(0);
  for (let o = 0; o < buf.length; ) {
    const i = buf.readInt16BE(o);
    const end = o + HEADER + buf.readInt32BE(o + 2);
    const out = arrays[i];
    for (let p = o + HEADER; p < end; p += 8) out[filled[i]++] = buf.readDoubleBE(p);
    o = end;
  }
  const times = new Map<string, Float64Array>();
  arrays.forEach((a, i) => a.length && times.set(names[i], a.sort()));
  return times;
}

/**
 * Users with a step-1 event, with their times of every step's event, from the chunks overlapping [from, to + window]:
 * one row per user (their chunks packed together), so the driver builds 1 row object where it would build 4 or more.
 */
export async function funnelTimelines(db: Db, projectId: string, stepEvents: string[], range: Range): Promise<Map<string, UserTimeline>> {
  const names = [...new Set(stepEvents)];
  const end = new Date(range.to.getTime() + range.windowSeconds * 1000).toISOString();
  const rows = rowsOf<{ user_id: string; packed: Uint8Array }>(
    await db.execute(sql`
      select t.user_id, string_agg(int2send((n.i - 1)::int2) || int4send(length(t.times)) || t.times, ''::bytea) as packed
      from jsonb_array_elements_text(${JSON.stringify(names)}::jsonb) with ordinality n(name, i)
      join user_event_times t on t.project_id = ${projectId} and t.name = n.name
        and t.last_at >= ${range.from.toISOString()}::timestamptz and t.first_at <= ${end}::timestamptz
      group by t.user_id
      -- Only users who could start an attempt matter.
      having bool_or(n.i = 1)`),
  );
  const users = new Map<string, UserTimeline>();
  for (const row of rows) users.set(row.user_id, { userId: row.user_id, times: unpack(row.packed, names) });
  return users;
}

/** The breakdown keys of the given users: their trait value (or "(none)"), or the listed cohorts they belong to. */
export async function breakdownKeys(db: Db, projectId: string, breakdown: Breakdown, firstStep: string): Promise<Map<string, string[]>> {
  const { join, key } = breakdownJoin(projectId, breakdown, sql`s.user_id`);
  const rows = rowsOf<{ user_id: string; key: string }>(
    await db.execute(sql`select s.user_id, ${key} as key from user_event_days s${join} where s.project_id = ${projectId} and s.name = ${firstStep}`),
  );
  const keys = new Map<string, string[]>();
  for (const r of rows) {
    const list = keys.get(r.user_id);
    if (list) list.push(r.key);
    else keys.set(r.user_id, [r.key]);
  }
  return keys;
}
