import { afterAll, beforeAll, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/tests/support/db";
import type { DbHandle } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { defineJob } from "./define";
import { EmbeddedRunner } from "./runner";

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
  const a = new EmbeddedRunner(h.db, [job], { pollMs: 50, log: () => {} });
  const b = new EmbeddedRunner(h.db, [job], { pollMs: 50, log: () => {} });
  a.start();
  b.start();
  await new Promise((r) => setTimeout(r, 2_500));
  await Promise.all([a.stop(), b.stop()]);
  await a.drain();
  const runs = await h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "every-second"));
  // 2.5 s of a per-second schedule is at most 3 ticks; without deduplication two instances would make about 5 runs.
  expect(runs.length).toBeGreaterThanOrEqual(2);
  expect(runs.length).toBeLessThanOrEqual(3);
  expect(new Set(runs.map((r) => r.idempotencyKey)).size).toBe(runs.length);
  expect(runs.every((r) => r.status === "succeeded" && /^cron:\d{4}-.*:\d{2}\.000Z$/.test(r.idempotencyKey))).toBe(true);
  expect(executions).toBe(runs.length);
});
