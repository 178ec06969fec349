import { afterAll, beforeAll, expect, test } from "vitest";
import { createDemoTestDb, DEMO_SEED_TIMEOUT, DEMO_TEST_OPTIONS } from "@/tests/support/demo";
import type { DbHandle } from "@/db/client";
import { seedDemo, type DemoSeedResult } from "@/lib/demo/seed";
import { generateDemoData } from "@/lib/demo/generate";
import { and, eq, gte, lt } from "drizzle-orm";
import { events, metricRollups } from "@/db/schema";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import { planBreakdown } from "./store/plan-breakdown";
import { dailyActivity, dailyActivityWithSource, summarize } from "./summary";

let h: DbHandle;
let seeded: DemoSeedResult;
beforeAll(async () => {
  ({ handle: h, seeded } = await createDemoTestDb(DEMO_TEST_OPTIONS));
}, DEMO_SEED_TIMEOUT);
afterAll(async () => h.close());

test("the overview numbers are exactly what the seeded events say", async () => {
  expect(seeded.created).toBe(true);
  expect((await seedDemo(h.db, DEMO_TEST_OPTIONS)).created).toBe(false);
  const data = generateDemoData(DEMO_TEST_OPTIONS);
  const days = await dailyActivity(h.db, seeded.projectId, 40, new Date("2026-11-02T00:00:00Z"));
  const s = summarize(days);
  expect(s.sessions).toBe(data.events.filter((e) => e.name === "session_started").length);
  const errors = data.events.filter((e) => e.name === "error").length;
  const messages = data.events.filter((e) => e.name === "message_sent").length;
  expect(s.errorRate).toBeCloseTo(errors / (errors + messages), 10);
  const plans = await planBreakdown(h.db, seeded.projectId, { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z") });
  expect(plans.reduce((n, p) => n + p.users, 0)).toBe(120);
  // Sign-ups are counted in the window only: none before the demo's first day.
  const before = await planBreakdown(h.db, seeded.projectId, { from: new Date("2020-01-01T00:00:00Z"), to: new Date("2020-02-01T00:00:00Z") });
  expect(before.reduce((n, p) => n + p.signedUpInRange, 0)).toBe(0);
  expect(before.reduce((n, p) => n + p.users, 0)).toBe(120);
});

test("whole days come from the daily rollups with the raw events' exact figures; days without rollups are read live and reported", async () => {
  const { projectId } = seeded;
  const now = new Date("2026-11-02T00:00:00Z");
  await h.db.delete(metricRollups).where(eq(metricRollups.projectId, projectId));
  const live = await dailyActivityWithSource(h.db, projectId, 40, now);
  expect(live.days.length).toBeGreaterThan(25);
  const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);
  expect(live.missingRollups).toEqual({
    from: new Date(dayStart(live.days[0].day)).toISOString(),
    to: new Date(dayStart(live.days.at(-1)!.day) + 86_400_000).toISOString(),
  });

  await recomputeRollups(h.db, projectId, "day", new Date(now.getTime() - 40 * 86_400_000), now);
  const rolled = await dailyActivityWithSource(h.db, projectId, 40, now);
  expect(rolled.missingRollups).toBeNull();
  expect(rolled.days).toEqual(live.days);
  // The rollups are what is read: a changed rollup shows.
  const day = new Date(`${live.days[3].day}T00:00:00Z`);
  await h.db
    .update(metricRollups)
    .set({ value: 99_999 })
    .where(and(eq(metricRollups.projectId, projectId), eq(metricRollups.granularity, "day"), eq(metricRollups.metric, "sessions"), eq(metricRollups.bucketStart, day)));
  expect((await dailyActivity(h.db, projectId, 40, now)).find((d) => d.day === live.days[3].day)?.sessions).toBe(99_999);
  // A partial last day (now mid-day) is read live from the raw events.
  const midDay = new Date(`${live.days.at(-1)!.day}T12:00:00Z`);
  const partial = await dailyActivityWithSource(h.db, projectId, 10, midDay);
  expect(partial.days.at(-1)).toEqual(await liveDay(projectId, new Date(`${live.days.at(-1)!.day}T00:00:00Z`), midDay));
});

/** The raw-events figures of one [from, to) window, counted here independently. */
async function liveDay(projectId: string, from: Date, to: Date) {
  const rows = await h.db.select().from(events).where(and(eq(events.projectId, projectId), gte(events.timestamp, from), lt(events.timestamp, to)));
  const count = (name: string, thumbs?: string) => rows.filter((e) => e.name === name && (!thumbs || (e.properties as { thumbs?: string }).thumbs === thumbs)).length;
  return {
    day: from.toISOString().slice(0, 10),
    sessions: count("session_started"),
    activeUsers: new Set(rows.map((e) => e.userId).filter(Boolean)).size,
    messages: count("message_sent"),
    errors: count("error"),
    thumbsUp: count("feedback", "up"),
    thumbsDown: count("feedback", "down"),
  };
}
