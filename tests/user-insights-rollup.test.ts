// The rollup (user_event_days bitmaps, user_event_times per-day times) against the raw events on generated activity: retention from the bitmaps
// equals today's SQL over the raw rows for daily and weekly periods, several ranges and a trait breakdown, after late
// events (inserted later with earlier timestamps), a replayed batch, and events without a user. Erasure removes the
// user's rollup rows; the retention job's raw deletes do not (derived data outlives raw events).
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seededDatabase } from "./support/fixtures";
import { endUsers, events, traces } from "@/db/schema";
import type { RetentionInput } from "@/lib/user-insights/inputs";
import { retentionCounts, type RetentionCount } from "@/lib/user-insights/store/retention";
import { retentionCountsFromDays } from "@/lib/user-insights/store/retention-days";
import { funnel, funnelDropped, retention } from "@/lib/user-insights/insights";
import { funnelCounts, funnelDroppedUsers } from "@/lib/user-insights/store/funnel";
import type { FunnelInput } from "@/lib/user-insights/inputs";
import { funnelReply } from "@/lib/user-insights/funnel";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import type { LifecycleInput, StickinessInput } from "@/lib/user-insights/inputs";
import { stickinessCounts } from "@/lib/user-insights/store/stickiness";
import { stickinessCountsFromDays } from "@/lib/user-insights/store/stickiness-days";
import { lifecycleCounts } from "@/lib/user-insights/store/lifecycle";
import { lifecycleCountsFromDays } from "@/lib/user-insights/store/lifecycle-days";
// Seeded, so a failure reproduces.
import { rng } from "@/lib/primitives/random";

const t = seededDatabase();
const NAMES = ["signup", "active", "active", "buy", "view"];
const DAY = 86_400_000;
const START = Date.parse("2026-09-28T00:00:00Z"); // a Monday

type Row = typeof events.$inferInsert;
function generate(seed: number, count: number, prefix: string, spanDays: number, offsetDays = 0): Row[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const user = Math.floor(r() * 150);
    return {
      projectId: t.org.project.id,
      id: `${prefix}-${i}`,
      userId: r() < 0.03 ? null : `u${user}`,
      name: NAMES[Math.floor(r() * NAMES.length)],
      // Hours and seconds land anywhere in the day, midnight and 23:59:59 included.
      timestamp: new Date(START + (offsetDays + Math.floor(r() * spanDays)) * DAY + (r() < 0.1 ? (r() < 0.5 ? 0 : DAY - 1000) : Math.floor(r() * DAY))),
      properties: {},
    };
  });
}

const key = (c: RetentionCount) => `${c.key}|${c.cohort}|${c.k}`;
const sorted = (cs: RetentionCount[]) => cs.filter((c) => c.users > 0).sort((a, b) => key(a).localeCompare(key(b)));

async function expectSameRetention(input: RetentionInput) {
  const p = t.org.project.id;
  const raw = sorted(await retentionCounts(t.h.db, p, input));
  const fast = sorted(await retentionCountsFromDays(t.h.db, p, input));
  expect(raw.length).toBeGreaterThan(0);
  expect(fast).toEqual(raw);
}

const at = (day: number) => new Date(START + day * DAY);
const cases: RetentionInput[] = [
  { startEvent: "signup", returnEvent: "active", period: "week", periods: 12, from: at(0), to: at(84) },
  { startEvent: "signup", returnEvent: "active", period: "week", periods: 4, from: at(10), to: at(45) },
  { startEvent: "view", returnEvent: "buy", period: "day", periods: 14, from: at(3), to: at(30) },
  { startEvent: "active", returnEvent: "active", period: "day", periods: 30, from: at(0), to: at(90) },
  { startEvent: "buy", returnEvent: "view", period: "week", periods: 8, from: at(-14), to: at(60), breakdown: "plan" },
];

beforeAll(async () => {
  const p = t.org.project.id;
  await t.h.db.insert(endUsers).values(Array.from({ length: 100 }, (_, i) => ({ projectId: p, userId: `u${i}`, plan: ["free", "pro", "team"][i % 3] })));
  // Three batches: the second is late (earlier timestamps than the first's), the third overlaps both.
  await t.h.db.insert(events).values(generate(1, 3000, "a", 60, 30));
  await t.h.db.insert(events).values(generate(2, 3000, "b", 40, -10));
  await t.h.db.insert(events).values(generate(3, 2000, "c", 90));
  // A replay of the first batch changes nothing (ingest inserts with ON CONFLICT DO NOTHING).
  await t.h.db.insert(events).values(generate(1, 3000, "a", 60, 30)).onConflictDoNothing();
  // A heavy user: six batches of 100 "view" and 100 "active" each, so their times fill more than one chunk (128).
  for (let b = 0; b < 6; b++) {
    const r = rng(10 + b);
    await t.h.db.insert(events).values(
      Array.from({ length: 200 }, (_, i) => ({ projectId: p, id: `heavy-${b}-${i}`, userId: "u3", name: i % 2 ? "view" : "active", timestamp: new Date(START + Math.floor(r() * 90 * DAY)), properties: {} })),
    );
  }
  // Traces count as activity for stickiness and lifecycle without an event; users u150..u159 have traces only.
  const r = rng(4);
  await t.h.db.insert(traces).values(
    Array.from({ length: 400 }, (_, i) => ({ projectId: p, id: `tr-${i}`, userId: `u${i < 40 ? 150 + (i % 10) : Math.floor(r() * 150)}`, timestamp: new Date(START + Math.floor(r() * 100 - 10) * DAY + Math.floor(r() * DAY)) })),
  );
});

describe("day bitmaps", () => {
  test("hold exactly the raw events' (user, name) days, first and last timestamps and counts", async () => {
    const rows = rowsOf<{ mismatches: number; total: number }>(
      await t.h.db.execute(sql`
        with raw as (
          select name, user_id, min(timestamp) as first_at, max(timestamp) as last_at, count(*)::bigint as events,
                 array_agg(distinct ((timestamp at time zone 'UTC')::date - date '1900-01-01') order by ((timestamp at time zone 'UTC')::date - date '1900-01-01')) as days
          from events where project_id = ${t.org.project.id} and user_id is not null group by name, user_id),
        rolled as (
          select name, user_id, first_at, last_at, events,
                 array(select first_day + i - 1 from generate_series(1, length(days)) i where substring(days from i for 1) = B'1') as days
          from user_event_days where project_id = ${t.org.project.id})
        select (select count(*) from raw full join rolled using (name, user_id)
                where raw.days is distinct from rolled.days or raw.first_at is distinct from rolled.first_at
                   or raw.last_at is distinct from rolled.last_at or raw.events is distinct from rolled.events)::int as mismatches,
               (select count(*) from rolled)::int as total`),
    );
    expect(rows[0].total).toBeGreaterThan(300);
    expect(rows[0].mismatches).toBe(0);
  });

  test("hold exactly the raw events' times per (user, name), each once, sorted, within their chunk's first and last time", async () => {
    const rows = rowsOf<{ missing: number; extra: number; total: number; outside: number; unsorted: number; chunks: number }>(
      await t.h.db.execute(sql`
        with raw as (
          select name, user_id, (extract(epoch from timestamp) * 1000000)::float8 as time
          from events where project_id = ${t.org.project.id} and user_id is not null),
        rolled as (
          select name, user_id, chunk, i, times[i] as time, first_at, last_at
          from user_event_times, generate_subscripts(times, 1) i where project_id = ${t.org.project.id})
        select (select count(*) from (select * from raw except all select name, user_id, time from rolled) m)::int as missing,
               (select count(*) from (select name, user_id, time from rolled except all select * from raw) x)::int as extra,
               (select count(*) from rolled)::int as total,
               (select max(chunk) from user_event_times where project_id = ${t.org.project.id})::int as chunks,
               (select count(*) from rolled where time < extract(epoch from first_at) * 1000000 or time > extract(epoch from last_at) * 1000000)::int as outside,
               (select count(*) from rolled a join rolled b using (name, user_id, chunk) where b.i = a.i + 1 and b.time < a.time)::int as unsorted`),
    );
    expect(rows[0].total).toBeGreaterThan(7000);
    expect(rows[0]).toMatchObject({ missing: 0, extra: 0, outside: 0, unsorted: 0 });
    expect(rows[0].chunks).toBeGreaterThan(0); // the heavy user's times span several chunks
  });

  test.each(cases.map((c) => [`${c.startEvent}→${c.returnEvent} by ${c.period}${c.breakdown ? " per plan" : ""}`, c] as const))(
    "retention from the bitmaps equals the raw SQL: %s",
    async (_, input) => expectSameRetention(input),
  );

  test("whole UTC days read the bitmaps, other instants the raw events, and the reply says so", async () => {
    const p = t.org.project.id;
    const days = await retention(t.h.db, p, cases[0]);
    const instant = await retention(t.h.db, p, { ...cases[0], from: new Date(START + 3_600_000) });
    expect(days.source).toBe("rollup");
    expect(instant.source).toBe("raw");
  });

  const funnels: FunnelInput[] = [
    { steps: [{ event: "view" }, { event: "active" }, { event: "buy" }], windowSeconds: 3 * 86_400, from: at(0), to: at(60) },
    { steps: [{ event: "signup" }, { event: "view" }, { event: "active" }, { event: "buy" }], windowSeconds: 14 * 86_400, from: at(5), to: at(45), breakdown: "plan" },
    // A repeated step (an event serves one step only) and a window of one hour.
    { steps: [{ event: "active" }, { event: "active" }, { event: "buy" }], windowSeconds: 3600, from: at(-10), to: at(80) },
    { steps: [{ event: "view" }, { event: "view" }], windowSeconds: 86_400, from: new Date(START + 3_600_000), to: at(30) },
  ];

  test.each(funnels.map((f, i) => [i, f] as const))("the funnel from the rollup's event times equals the raw SQL (case %i)", async (_, input) => {
    const p = t.org.project.id;
    const fast = await funnel(t.h.db, p, input);
    expect(fast.source).toBe("rollup");
    const overall = await funnelCounts(t.h.db, p, { ...input, breakdown: undefined });
    const raw = funnelReply(input, overall, input.breakdown === undefined ? undefined : await funnelCounts(t.h.db, p, input));
    expect(raw.steps[0].count).toBeGreaterThan(10);
    expect(raw.steps.at(-1)!.count).toBeGreaterThan(0);
    const strip = (steps: typeof raw.steps) => steps.map((s) => ({ ...s, medianSecondsFromPrevious: s.medianSecondsFromPrevious === null ? null : Math.round(s.medianSecondsFromPrevious * 1000) }));
    expect(strip(fast.steps)).toEqual(strip(raw.steps));
    expect(fast.breakdown?.map((b) => ({ key: b.key, steps: strip(b.steps) }))).toEqual(raw.breakdown?.map((b) => ({ key: b.key, steps: strip(b.steps) })));
    const step = input.steps.length;
    const dropped = await funnelDropped(t.h.db, p, { ...input, step });
    expect(dropped.users).toEqual(await funnelDroppedUsers(t.h.db, p, { ...input, step }, 50_001));
    // Each case runs the raw SQL three times on PGlite: slow when the machine's cores are busy.
  }, 120_000);

  test("a step with property filters reads the raw events", async () => {
    const reply = await funnel(t.h.db, t.org.project.id, { steps: [{ event: "view" }, { event: "buy", properties: { currency: "EUR" } }], windowSeconds: 3600, from: at(0), to: at(60) });
    expect(reply.source).toBe("raw");
  });

  const byKey = <T extends object>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  const stickinessCases: StickinessInput[] = [
    { event: "active", from: at(0), to: at(84), period: "week" },
    { from: at(3), to: at(61), period: "week" },
    { from: at(-10), to: at(95), period: "month" },
    { event: "view", from: at(10), to: at(40), period: "month" },
  ];
  test.each(stickinessCases.map((c, i) => [i, c] as const))("stickiness from the bitmaps equals the raw SQL (case %i)", async (_, input) => {
    const raw = await stickinessCounts(t.h.db, t.org.project.id, input);
    expect(raw.length).toBeGreaterThan(3);
    expect(byKey(await stickinessCountsFromDays(t.h.db, t.org.project.id, input))).toEqual(byKey(raw));
  });

  const lifecycleCases: LifecycleInput[] = [
    { event: "active", from: at(0), to: at(84), period: "week" },
    { from: at(10), to: at(60), period: "week" },
    { event: "buy", from: at(20), to: at(50), period: "day" },
    { from: at(-12), to: at(95), period: "day" },
  ];
  test.each(lifecycleCases.map((c, i) => [i, c] as const))("lifecycle from the bitmaps equals the raw SQL (case %i)", async (_, input) => {
    const raw = await lifecycleCounts(t.h.db, t.org.project.id, input);
    expect(new Set(raw.map((r) => r.status)).size).toBe(4);
    expect(byKey(await lifecycleCountsFromDays(t.h.db, t.org.project.id, input))).toEqual(byKey(raw));
  });

  test("erasure removes the user's bitmaps; raw deletes by the retention job leave them", async () => {
    const p = t.org.project.id;
    const count = async (user: string) =>
      rowsOf<{ n: number }>(
        await t.h.db.execute(sql`select (select count(*) from user_event_days where project_id = ${p} and user_id = ${user})
                                      + (select count(*) from user_event_times where project_id = ${p} and user_id = ${user}) as n`),
      ).map((r) => Number(r.n))[0];
    expect(await count("u7")).toBeGreaterThan(0);
    await deleteEndUser(t.h.db, p, "u7");
    expect(await count("u7")).toBe(0);
    const before = await count("u8");
    await t.h.db.execute(sql`delete from events where project_id = ${p} and user_id = 'u8'`);
    expect(await count("u8")).toBe(before);
  });
});
