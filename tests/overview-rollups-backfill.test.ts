// The Overview's days without daily rollups (late data with old timestamps) are filled in by the hourly rollups job,
// not by the page: after one scheduled pass every whole day is read from rollups, with the same numbers.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { events, jobRuns } from "@/db/schema";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { MONITORING_ROLLUPS_REQUESTED } from "@/lib/jobs/catalog";
import { monitoringRollups } from "@/inngest/functions/monitoring-rollups";
import { dailyActivityWithSource } from "@/lib/overview/summary";
import { OVERVIEW_DAYS } from "@/lib/overview/backfill";

const t = seededDatabase();
const DAY = 86_400_000;
const now = new Date("2026-11-20T12:00:00Z");

test("the hourly rollups pass backfills the Overview's missing days; the Overview figures stay the same", async () => {
  const projectId = t.org.project.id;
  const at = (daysAgo: number, minute: number) => new Date(now.getTime() - daysAgo * DAY + minute * 60_000);
  await t.h.db.insert(events).values(
    [20, 12, 9].flatMap((d) => [
      { projectId, id: `s-${d}`, userId: `u-${d}`, sessionId: `s-${d}`, name: "session_started", timestamp: at(d, 0) },
      { projectId, id: `m-${d}`, userId: `u-${d}`, sessionId: `s-${d}`, name: "message_sent", timestamp: at(d, 1) },
      { projectId, id: `e-${d}`, userId: `u-${d}`, sessionId: `s-${d}`, name: "error", timestamp: at(d, 2) },
    ]),
  );
  const before = await dailyActivityWithSource(t.h.db, projectId, OVERVIEW_DAYS, now);
  expect(before.missingRollups).not.toBeNull();

  // What the cron sends each hour for every project (here with the project and an explicit now).
  const runner = new EmbeddedRunner(t.h.db, [monitoringRollups], { log: () => {} });
  await runner.send({ name: MONITORING_ROLLUPS_REQUESTED, data: { projectId, now: now.toISOString() }, id: "hourly" });
  await runner.drain();
  const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "monitoring-rollups"));
  expect(run.status).toBe("succeeded");

  const after = await dailyActivityWithSource(t.h.db, projectId, OVERVIEW_DAYS, now);
  expect(after.missingRollups).toBeNull();
  expect(after.days).toEqual(before.days);
  expect(after.days.map((d) => [d.day, d.sessions, d.messages, d.errors])).toEqual(
    [20, 12, 9].map((d) => [at(d, 0).toISOString().slice(0, 10), 1, 1, 1]),
  );
});
