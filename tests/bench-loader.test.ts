// The users benches' fast loader (bench/users/generate.ts): events and rollup rows written straight into the tables,
// with the trigger off and the events indexes rebuilt afterwards, equal the rows that the ingest trigger writes for the
// same generated events, and the table is left as it was (indexes, constraints, trigger on).
import { describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { ensureProject } from "@/lib/bootstrap/ensure";
import { events } from "@/db/schema";
import { insertBenchUsers, loadBenchEvents, loadBenchEventsFast } from "../bench/users/generate";
import { seededDatabase } from "./support/fixtures";

const t = seededDatabase();

async function rows(db: Db, query: ReturnType<typeof sql>) {
  return rowsOf<Record<string, unknown>>(await db.execute(query)).map((r) => JSON.stringify(r));
}

/** A project's events and rollup rows, without the project id, in key order. */
async function contents(db: Db, projectId: string) {
  return {
    events: await rows(db, sql`select id, user_id, name, timestamp, properties from events where project_id = ${projectId} order by id`),
    days: await rows(db, sql`select name, user_id, first_day, days::text, first_at, last_at, events from user_event_days where project_id = ${projectId} order by name, user_id`),
    times: await rows(db, sql`select name, user_id, chunk, first_at, last_at, times from user_event_times where project_id = ${projectId} order by name, user_id, chunk`),
  };
}

const definitions = async (db: Db) => ({
  indexes: await rows(db, sql`select indexname, indexdef from pg_indexes where tablename = 'events' order by indexname`),
  constraints: await rows(db, sql`select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'events'::regclass order by conname`),
  triggers: await rows(db, sql`select tgname, tgenabled from pg_trigger where tgrelid = 'events'::regclass and not tgisinternal order by tgname`),
});

describe("bench loader", () => {
  test("writes the rows the ingest trigger writes, and restores the events table", async () => {
    const db = t.h.db;
    const viaTrigger = t.org.project.id;
    const fast = (await ensureProject(db, t.org.org.id, "bench fast")).id;
    // 250 users in batches of 100 (the last one short), 20 events each: every step name, several per user.
    await insertBenchUsers(db, viaTrigger, 250);
    await insertBenchUsers(db, fast, 250);
    await loadBenchEvents(db, viaTrigger, 250, 20, 100);
    const before = await definitions(db);
    await loadBenchEventsFast(db, fast, 250, 20, 100);

    const [expected, actual] = [await contents(db, viaTrigger), await contents(db, fast)];
    expect(expected.events).toHaveLength(5000);
    expect(expected.times.length).toBeGreaterThan(500);
    expect(actual).toEqual(expected);
    expect(await definitions(db)).toEqual(before);
    await expect(loadBenchEventsFast(db, fast, 1, 1)).rejects.toThrow(/already has events/);

    // The trigger is back on: a new event reaches the rollup.
    await db.insert(events).values({ projectId: fast, id: "late", userId: "u1", name: "late_event", timestamp: new Date("2026-11-29T12:00:00Z"), properties: {} });
    expect(await rows(db, sql`select user_id, chunk from user_event_times where project_id = ${fast} and name = 'late_event'`)).toEqual([JSON.stringify({ user_id: "u1", chunk: 0 })]);
  });
});
