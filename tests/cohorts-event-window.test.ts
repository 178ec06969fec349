// Cohort event conditions with a window (`withinDays`) count from the rollup of event times (user_event_times) when the
// window is within the project's hot retention: the members must be exactly those of the raw-event GROUP BY, for every
// count operator, nested under all/any/not, on generated activity with late and replayed batches, a user whose times
// fill several chunks, and events on the window's edges to the microsecond. A window longer than the hot retention
// reads the raw events, so a refresh after the retention job trimmed them answers as before.
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seededDatabase } from "./support/fixtures";
import { endUsers, events, projects } from "@/db/schema";
import type { CohortDefinition } from "@/lib/cohorts/definition";
import { compileCohort } from "@/lib/cohorts/store/compile-definition";
import { createCohort } from "@/lib/cohorts/store/cohorts";
import { refreshCohort } from "@/lib/cohorts/store/refresh";
import { rng } from "@/lib/primitives/random";

const t = seededDatabase();
const DAY = 86_400_000;
const NOW = new Date("2026-11-30T12:00:00Z");
const NAMES = ["message_sent", "message_sent", "login", "feedback"];

type Row = typeof events.$inferInsert;
function generate(seed: number, count: number, prefix: string, spanDays: number): Row[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => ({
    projectId: t.org.project.id,
    id: `${prefix}-${i}`,
    userId: r() < 0.03 ? null : `u${Math.floor(r() * 80)}`,
    name: NAMES[Math.floor(r() * NAMES.length)],
    timestamp: new Date(NOW.getTime() - Math.floor(r() * spanDays * DAY)),
    properties: {},
  }));
}

async function membersOf(definition: CohortDefinition, rollupMaxDays?: number): Promise<string[]> {
  const p = t.org.project.id;
  const select = compileCohort(definition, { projectId: p, now: NOW, cohorts: new Map(), rollupMaxDays });
  return rowsOf<{ user_id: string }>(await t.h.db.execute(sql`select user_id from (${select}) c order by user_id`)).map((r) => r.user_id);
}

beforeAll(async () => {
  const p = t.org.project.id;
  await t.h.db.insert(endUsers).values(Array.from({ length: 90 }, (_, i) => ({ projectId: p, userId: `u${i}`, plan: i % 2 ? "pro" : "free" })));
  // The second batch is late (older timestamps than the first's); the first is replayed (changes nothing).
  await t.h.db.insert(events).values(generate(1, 1500, "a", 20));
  await t.h.db.insert(events).values(generate(2, 1500, "b", 60));
  await t.h.db.insert(events).values(generate(1, 1500, "a", 20)).onConflictDoNothing();
  // u81 sends 300 messages in three batches: their times fill three chunks of 128.
  for (let b = 0; b < 3; b++) {
    await t.h.db.insert(events).values(
      Array.from({ length: 100 }, (_, i) => ({ projectId: p, id: `heavy-${b}-${i}`, userId: "u81", name: "message_sent", timestamp: new Date(NOW.getTime() - ((i * 7 + b) % 40) * DAY - i * 1000), properties: {} })),
    );
  }
  // The edges of a 7-day window, (now - 7 days, now]: u82 on its first instant (out), one microsecond later (in);
  // u83 at now (in) and one microsecond after (out); u84 twice on the first instant (out).
  await t.h.db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties) values
      (${p}, 'edge-1', 'u82', 'login', ${NOW.toISOString()}::timestamptz - interval '7 days', '{}'),
      (${p}, 'edge-2', 'u82', 'login', ${NOW.toISOString()}::timestamptz - interval '7 days' + interval '1 microsecond', '{}'),
      (${p}, 'edge-3', 'u83', 'login', ${NOW.toISOString()}::timestamptz, '{}'),
      (${p}, 'edge-4', 'u83', 'login', ${NOW.toISOString()}::timestamptz + interval '1 microsecond', '{}'),
      (${p}, 'edge-5', 'u84', 'login', ${NOW.toISOString()}::timestamptz - interval '7 days', '{}'),
      (${p}, 'edge-6', 'u84', 'login', ${NOW.toISOString()}::timestamptz - interval '7 days', '{}')`);
});

const nodes: [string, CohortDefinition][] = [
  ["at least once in 7 days", { event: "login", withinDays: 7 }],
  ["at least 3 times in 14 days", { event: "message_sent", count: { op: "gte", value: 3 }, withinDays: 14 }],
  ["exactly twice in 5 days", { event: "message_sent", count: { op: "eq", value: 2 }, withinDays: 5 }],
  ["never in 3 days", { event: "feedback", count: { op: "eq", value: 0 }, withinDays: 3 }],
  ["at most once in 10 days", { event: "message_sent", count: { op: "lte", value: 1 }, withinDays: 10 }],
  ["the heavy user's 200+ messages in 30 days", { event: "message_sent", count: { op: "gte", value: 200 }, withinDays: 30 }],
  ["pro users active in 7 days but without feedback in 20", { all: [{ trait: "plan", op: "eq", value: "pro" }, { event: "message_sent", withinDays: 7 }, { not: { event: "feedback", withinDays: 20 } }] }],
  ["any of two windows", { any: [{ event: "login", count: { op: "gte", value: 2 }, withinDays: 2 }, { event: "feedback", count: { op: "eq", value: 1 }, withinDays: 60 }] }],
];

describe("event windows from the rollup", () => {
  test.each(nodes)("the same members as the raw events: %s", async (_, definition) => {
    const raw = await membersOf(definition);
    const fromRollup = await membersOf(definition, 90);
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.length).toBeLessThan(90);
    expect(fromRollup).toEqual(raw);
  });

  test("a window's edges to the microsecond: (now - withinDays, now]", async () => {
    const once = await membersOf({ event: "login", withinDays: 7 }, 90);
    expect(once).toContain("u82");
    expect(once).toContain("u83");
    expect(once).not.toContain("u84");
    const twice = await membersOf({ event: "login", count: { op: "gte", value: 2 }, withinDays: 7 }, 90);
    expect(twice).not.toContain("u82");
    expect(twice).not.toContain("u83");
    expect(twice).not.toContain("u84");
  });

  test("a window longer than the hot retention counts the raw events the retention job left", async () => {
    const p = t.org.project.id;
    await t.h.db.update(projects).set({ retentionDays: 25 }).where(sql`${projects.id} = ${p}`);
    // What the retention job does with 25 days: raw events older than that go, their rollup times stay.
    await t.h.db.execute(sql`delete from events where project_id = ${p} and timestamp < ${new Date(NOW.getTime() - 25 * DAY).toISOString()}::timestamptz`);
    const definition: CohortDefinition = { event: "message_sent", count: { op: "gte", value: 4 }, withinDays: 40 };
    const cohort = await createCohort(t.h.db, p, { name: "40 days", definition });
    const refreshed = await refreshCohort(t.h.db, p, cohort.id, NOW);
    const stored = rowsOf<{ user_id: string }>(await t.h.db.execute(sql`select user_id from cohort_members where cohort_id = ${cohort.id} order by user_id`)).map((r) => r.user_id);
    expect(stored).toEqual(await membersOf(definition));
    expect(refreshed?.size).toBe(stored.length);
    // The rollup still holds the trimmed days, so reading it here would have answered differently.
    expect(await membersOf(definition, 90)).not.toEqual(stored);
    // A window within the retention reads the rollup, with the raw events' answer.
    const recent: CohortDefinition = { event: "message_sent", count: { op: "gte", value: 2 }, withinDays: 20 };
    const recentCohort = await createCohort(t.h.db, p, { name: "20 days", definition: recent });
    expect((await refreshCohort(t.h.db, p, recentCohort.id, NOW))?.size).toBe((await membersOf(recent)).length);
  });
});
