// Cron triggers of the embedded runner, fired by a manual scheduler: deterministic, no wall-clock sleeping.
import { afterAll, beforeAll, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/tests/support/db";
import type { DbHandle } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { defineJob } from "./define";
import { EmbeddedRunner } from "./runner";
import { ManualCron } from "./cron";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => h.close());

test("a cron schedule fires on time, and two instances firing together run each tick once", async () => {
  let executions = 0;
  const job = defineJob({
    id: "every-second",
    name: "every second",
    triggers: [{ cron: "* * * * * *" }],
    retries: 0,
    handler: async ({ event }) => {
      executions++;
      return event.data.scheduledAt;
    },
  });
  // Both instances share one clock, as two servers share real time: each tick fires on both.
  const clock = new ManualCron();
  const a = new EmbeddedRunner(h.db, [job], { pollMs: 50, log: () => {}, cron: clock });
  const b = new EmbeddedRunner(h.db, [job], { pollMs: 50, log: () => {}, cron: clock });
  a.start();
  b.start();
  const ticks = ["2026-11-20T03:00:00.000Z", "2026-11-20T03:00:01.000Z", "2026-11-20T03:00:02.000Z"];
  for (const at of ticks) await clock.fire(new Date(at));
  await Promise.all([a.stop(), b.stop()]);
  await a.drain();
  const runs = await h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "every-second"));
  // Three ticks on two instances: without deduplication there would be six runs.
  expect(runs.length).toBeGreaterThanOrEqual(2);
  expect(runs.length).toBeLessThanOrEqual(3);
  expect(runs.map((r) => r.idempotencyKey).sort()).toEqual(ticks.map((t) => `cron:${t}`));
  expect(new Set(runs.map((r) => r.idempotencyKey)).size).toBe(runs.length);
  expect(runs.every((r) => r.status === "succeeded" && /^cron:\d{4}-.*:\d{2}\.000Z$/.test(r.idempotencyKey))).toBe(true);
  expect(runs.every((r) => r.projectId === null)).toBe(true);
  expect(executions).toBe(runs.length);
  // A stopped runner no longer fires.
  await clock.fire(new Date("2026-11-20T03:00:03.000Z"));
  expect(await h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "every-second"))).toHaveLength(3);
});
