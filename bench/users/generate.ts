// Generated end users and events for the users benches, inside the database: user u is active from a start day on,
// its events spread over the following days of the 12 weeks before NOW, names cycling per user. Events go through the
// `events` insert trigger, so the rollups (user_event_days, user_event_times) are exactly what ingest writes.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export const NOW = new Date("2026-11-30T00:00:00Z");
export const START = new Date(NOW.getTime() - 84 * 86_400_000);
const NAMES = ["session_started", "message_sent", "message_sent", "message_sent", "feedback", "message_sent", "plan_upgraded", "session_started"];

/** End users u1..u`users` with a plan, signup day, country and seats. */
export async function insertBenchUsers(db: Db, projectId: string, users: number) {
  await db.execute(sql`
    insert into end_users (project_id, user_id, plan, signup_at, country, properties)
    select ${projectId}::uuid, 'u' || u, (array['free','free','pro','team'])[1 + u % 4], ${START.toISOString()}::timestamptz + (u % 84) * interval '1 day',
           (array['DE','US','FR'])[1 + u % 3], jsonb_build_object('seats', u % 50)
    from generate_series(1, ${users}) u`);
}

/**
 * `perUser` events for each of users u`first`..u`last`, in one statement. Batches of users keep a statement's
 * transition table (and the trigger's sorts) small at tens of millions of events; a user's events all arrive in one
 * batch, as one big ingest batch would write them.
 */
export async function insertBenchEvents(db: Db, projectId: string, first: number, last: number, perUser: number) {
  await db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties)
    select ${projectId}::uuid, 'e' || u || '-' || k, 'u' || u,
           (${sql.raw(`array[${NAMES.map((n) => `'${n}'`).join(",")}]`)})[1 + (u + k * 3) % ${NAMES.length}],
           ${START.toISOString()}::timestamptz + ((u * 7 + k * k * 13) % (84 * 24)) * interval '1 hour' + ((u + k) % 3600) * interval '1 second',
           '{}'::jsonb
    from generate_series(${first}::int, ${last}::int) u, generate_series(1, ${perUser}) k`);
}

/** All users' events in batches of `batchUsers` users, then fresh planner statistics. */
export async function loadBenchEvents(db: Db, projectId: string, users: number, perUser: number, batchUsers = 100_000) {
  for (let first = 1; first <= users; first += batchUsers) await insertBenchEvents(db, projectId, first, Math.min(users, first + batchUsers - 1), perUser);
  for (const table of ["end_users", "events", "user_event_days", "user_event_times"]) await db.execute(sql.raw(`analyze ${table}`));
}

/** The users benches' baseline: one SQL GROUP BY over the same events (events per user of one name in the last 7 days). */
export async function groupByBaseline(db: Db, projectId: string) {
  const since = new Date(NOW.getTime() - 7 * 86_400_000).toISOString();
  await db.execute(sql`select user_id, count(*) from events where project_id = ${projectId} and name = 'message_sent'
                       and timestamp > ${since}::timestamptz and timestamp <= ${NOW.toISOString()}::timestamptz group by user_id`);
}
