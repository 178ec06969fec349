import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDb } from "@/tests/db";
import type { DbHandle } from "@/db/client";
import { seedDemo } from "@/lib/demo/seed";
import { generateDemoData } from "@/lib/demo/generate";
import { dailyActivity, planBreakdown, summarize } from "./summary";

let h: DbHandle;
const anchor = new Date("2026-11-01T00:00:00Z");
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => h.close());

test("the overview numbers are exactly what the seeded events say", async () => {
  const seeded = await seedDemo(h.db, { anchor, days: 30, users: 120 });
  expect(seeded.created).toBe(true);
  expect((await seedDemo(h.db, { anchor })).created).toBe(false);
  const data = generateDemoData({ anchor, days: 30, users: 120 });
  const days = await dailyActivity(h.db, seeded.projectId, 40, new Date("2026-11-02T00:00:00Z"));
  const s = summarize(days);
  expect(s.sessions).toBe(data.events.filter((e) => e.name === "session_started").length);
  const errors = data.events.filter((e) => e.name === "error").length;
  const messages = data.events.filter((e) => e.name === "message_sent").length;
  expect(s.errorRate).toBeCloseTo(errors / (errors + messages), 10);
  const plans = await planBreakdown(h.db, seeded.projectId);
  expect(plans.reduce((n, p) => n + p.users, 0)).toBe(120);
});
