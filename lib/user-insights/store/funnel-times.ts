// Reads the funnel's input from the rollup (`user_event_times`): per user, the sorted times of each step's event,
// from the chunks that overlap [from, to + window] (one row per event name and user unless they did it more than 256
// times) instead of one row per event. Only for steps without property filters (the rollup does not keep
// properties); lib/user-insights/insights.ts sends the others to the raw SQL.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Breakdown } from "../inputs";
import type { UserTimeline } from "../funnel-timeline";
import { breakdownJoin } from "./breakdown";

type Range = { from: Date; to: Date; windowSeconds: number };

/** Chunks of 8-byte big-endian doubles into one sorted array. */
function decode(chunks: Uint8Array[]): Float64Array {
  const out = new Float64Array(chunks.reduce((n, c) => n + c.byteLength / 8, 0));
  let i = 0;
  for (const c of chunks) {
    const buf = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    for (let p = 0; p < buf.length; p += 8) out[i++] = buf.readDoubleBE(p);
  }
  return out.sort();
}

/** Users with a step-1 event, with their times of every step's event, from the chunks overlapping [from, to + window]. */
export async function funnelTimelines(db: Db, projectId: string, stepEvents: string[], range: Range): Promise<Map<string, UserTimeline>> {
  const names = [...new Set(stepEvents)];
  const end = new Date(range.to.getTime() + range.windowSeconds * 1000).toISOString();
  const rows = rowsOf<{ user_id: string; name: string; times: Uint8Array }>(
    await db.execute(sql`select user_id, name, times from user_event_times
      where project_id = ${projectId} and name in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))
        and last_at >= ${range.from.toISOString()}::timestamptz and first_at <= ${end}::timestamptz`),
  );
  const chunks = new Map<string, Map<string, Uint8Array[]>>();
  for (const row of rows) {
    let user = chunks.get(row.user_id);
    if (!user) chunks.set(row.user_id, (user = new Map()));
    const list = user.get(row.name);
    if (list) list.push(row.times);
    else user.set(row.name, [row.times]);
  }
  const users = new Map<string, UserTimeline>();
  // Only users who could start an attempt matter.
  for (const [id, byName] of chunks) {
    if (!byName.has(stepEvents[0])) continue;
    users.set(id, { userId: id, times: new Map([...byName].map(([name, list]) => [name, decode(list)])) });
  }
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
