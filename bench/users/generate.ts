// Generated end users and events for the users benches, inside the database: user u is active from a start day on,
// its events spread over the following days of the 12 weeks before NOW, names cycling per user. `loadBenchEvents` sends
// them through the `events` insert trigger, so the rollups (user_event_days, user_event_times) are what ingest writes;
// `loadBenchEventsFast` writes the same rows straight into the three tables (tests/bench-loader.test.ts compares them).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

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
  await db.execute(sql`insert into events (project_id, id, user_id, name, timestamp, properties) ${generatedEvents(projectId, first, last, perUser)}`);
}

/** The events of users u`first`..u`last`, as a select of events' columns. */
function generatedEvents(projectId: string, first: number, last: number, perUser: number) {
  return sql`select ${projectId}::uuid as project_id, 'e' || u || '-' || k as id, 'u' || u as user_id,
           (${sql.raw(`array[${NAMES.map((n) => `'${n}'`).join(",")}]`)})[1 + (u + k * 3) % ${NAMES.length}] as name,
           ${START.toISOString()}::timestamptz + ((u * 7 + k * k * 13) % (84 * 24)) * interval '1 hour' + ((u + k) % 3600) * interval '1 second' as timestamp,
           '{}'::jsonb as properties
    from generate_series(${first}::int, ${last}::int) u, generate_series(1, ${perUser}) k`;
}

/**
 * The same events and rollup rows as `insertBenchEvents` for a batch of new users, without the trigger: one statement
 * writes the events and the rollup rows computed from them with the trigger's expressions (migration 0066's
 * prism_user_event_days_add). Every user is new, so nothing merges: the days row is the batch's, and the times are
 * chunk 0 (the trigger numbers a batch's chunk by the user's earlier events of that name, here none).
 */
async function insertBenchEventsWithRollups(db: Db, projectId: string, first: number, last: number, perUser: number) {
  await db.execute(sql`
    with e as materialized (${generatedEvents(projectId, first, last, perUser)}),
    ins as (insert into events (project_id, id, user_id, name, timestamp, properties) select * from e),
    g as (
      select project_id, name, user_id, min(day) as first_day, bit_or(bits) as days, min(ts) as first_at, max(ts) as last_at,
             count(*) as events, array_agg((extract(epoch from ts) * 1000000)::float8 order by ts) as times
      from (select project_id, name, user_id, ts, day,
                   (repeat('0', day - min(day) over w) || '1' || repeat('0', max(day) over w - day))::bit varying as bits
            from (select project_id, name, user_id, timestamp as ts, ((timestamp at time zone 'UTC')::date - date '1900-01-01') as day
                  from e where user_id is not null) r
            window w as (partition by project_id, name, user_id)) n
      group by project_id, name, user_id),
    days as (insert into user_event_days (project_id, name, user_id, first_day, days, first_at, last_at, events)
             select project_id, name, user_id, first_day, days, first_at, last_at, events from g)
    insert into user_event_times (project_id, name, user_id, chunk, first_at, last_at, times)
    select project_id, name, user_id, 0, first_at, last_at, times from g`);
}

/**
 * `loadBenchEvents`'s rows in a fraction of its time, into a project with no events yet (a scratch database): the
 * events table's triggers off and its indexes dropped while the batches go in (each batch writes its own rollup rows),
 * then the indexes rebuilt once, which is cheaper than keeping them up to date row by row (2M events, load 20: the
 * insert took 217 s with the indexes and the key check, 58 s without the indexes, 23 s without either; the index
 * builds then 31 s).
 */
export async function loadBenchEventsFast(db: Db, projectId: string, users: number, perUser: number, batchUsers = 100_000) {
  const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from events where project_id = ${projectId}`));
  if (n > 0) throw new Error("loadBenchEventsFast writes new users only: the project already has events");
  const constraints = rowsOf<{ name: string; def: string }>(
    await db.execute(sql`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'events'::regclass and contype in ('p', 'u')`),
  );
  const indexes = rowsOf<{ name: string; def: string }>(
    await db.execute(sql`select indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() and tablename = 'events'
                         and indexname not in (select conname from pg_constraint where conrelid = 'events'::regclass)`),
  );
  // "all": the rollup trigger and the foreign key's (the project exists; its row-by-row check is most of the insert).
  await db.execute(sql`alter table events disable trigger all`);
  for (const c of constraints) await db.execute(sql.raw(`alter table events drop constraint "${c.name}"`));
  for (const i of indexes) await db.execute(sql.raw(`drop index "${i.name}"`));
  try {
    for (let first = 1; first <= users; first += batchUsers) await insertBenchEventsWithRollups(db, projectId, first, Math.min(users, first + batchUsers - 1), perUser);
  } finally {
    for (const c of constraints) await db.execute(sql.raw(`alter table events add constraint "${c.name}" ${c.def}`));
    for (const i of indexes) await db.execute(sql.raw(i.def));
    await db.execute(sql`alter table events enable trigger all`);
  }
  await analyzeBenchTables(db);
}

async function analyzeBenchTables(db: Db) {
  for (const table of ["end_users", "events", "user_event_days", "user_event_times"]) await db.execute(sql.raw(`analyze ${table}`));
}

/** All users' events in batches of `batchUsers` users, then fresh planner statistics. */
export async function loadBenchEvents(db: Db, projectId: string, users: number, perUser: number, batchUsers = 100_000) {
  for (let first = 1; first <= users; first += batchUsers) await insertBenchEvents(db, projectId, first, Math.min(users, first + batchUsers - 1), perUser);
  await analyzeBenchTables(db);
}

/** The users benches' baseline: one SQL GROUP BY over the same events (events per user of one name in the last 7 days). */
export async function groupByBaseline(db: Db, projectId: string) {
  const since = new Date(NOW.getTime() - 7 * 86_400_000).toISOString();
  await db.execute(sql`select user_id, count(*) from events where project_id = ${projectId} and name = 'message_sent'
                       and timestamp > ${since}::timestamptz and timestamp <= ${NOW.toISOString()}::timestamptz group by user_id`);
}
