// Reads the funnel's input from the rollup (`user_event_days.times`): per user, the sorted times of each step's
// event, one row per (event name, user) instead of one per event. Only for steps without property filters (the
// rollup does not keep properties); lib/user-insights/insights.ts sends the others to the raw SQL.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Breakdown } from "../inputs";
import type { UserTimeline } from "../funnel-timeline";
import { breakdownJoin } from "./breakdown";

type Range = { from: Date; to: Date; windowSeconds: number };

function decode(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, false);
  return out.sort();
}

/** Users with a step-1 event in [from, to), with their times of every step's event up to `to` + window. */
export async function funnelTimelines(db: Db, projectId: string, stepEvents: string[], range: Range): Promise<Map<string, UserTimeline>> {
  const names = [...new Set(stepEvents)];
  const end = new Date(range.to.getTime() + range.windowSeconds * 1000).toISOString();
  const rows = rowsOf<{ user_id: string; name: string; times: Uint8Array }>(
    await db.execute(sql`select user_id, name, times from user_event_days
      where project_id = ${projectId} and name in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))
        and last_at >= ${range.from.toISOString()}::timestamptz and first_at <= ${end}::timestamptz`),
  );
  const users = new Map<string, UserTimeline>();
  for (const row of rows) {
    let user = users.get(row.user_id);
    if (!user) users.set(row.user_id, (user = { userId: row.user_id, times: new Map() }));
    user.times.set(row.name, decode(row.times));
  }
  // Only users who could start an attempt matter.
  for (const [id, user] of users) if (!user.times.has(stepEvents[0])) users.delete(id);
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
