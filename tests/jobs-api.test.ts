import { beforeAll, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { call, seededDatabase } from "./support/fixtures";
import { auditLog, jobRuns } from "@/db/schema";
import { enqueueRun } from "@/lib/jobs/ledger";
import * as jobs from "@/app/api/v1/jobs/route";
import * as replay from "@/app/api/v1/jobs/[runId]/replay/route";

const t = seededDatabase();
let deadId: string;
beforeAll(async () => {
  const { id } = await enqueueRun(t.h.db, {
    functionId: "nightly-housekeeping",
    eventName: "prism/housekeeping.requested",
    idempotencyKey: "dead-1",
    payload: { now: "2026-11-20T03:00:00Z" },
    maxAttempts: 4,
    mode: "embedded",
  });
  await t.h.db.update(jobRuns).set({ status: "dead", attempts: 4, lastError: "db down", finishedAt: new Date() }).where(eq(jobRuns.id, id));
  deadId = id;
});

test("the Jobs API lists runs, queue depth and the dead-letter queue", async () => {
  const res = await call(jobs.GET, "/api/v1/jobs", { as: t.org.users.viewer.id });
  expect(res.status).toBe(200);
  expect(res.json.mode).toBe("embedded");
  expect(res.json.deadLetters.map((r: { id: string }) => r.id)).toEqual([deadId]);
  expect(res.json.runs[0]).toMatchObject({ id: deadId, status: "dead", attempts: 4, lastError: "db down" });
  expect(res.json.queueDepth).toEqual({ queued: 0, running: 0 });
});

test("an admin replays a dead letter once: a new queued run, audited; the dead one leaves the queue", async () => {
  const res = await call(replay.POST, `/api/v1/jobs/${deadId}/replay`, { method: "POST", as: t.org.users.admin.id, params: { runId: deadId } });
  expect(res.status).toBe(202);
  const [fresh] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.id, res.json.replayRunId));
  expect(fresh).toMatchObject({ status: "queued", replayOf: deadId, payload: { now: "2026-11-20T03:00:00Z" } });
  const list = await call(jobs.GET, "/api/v1/jobs", { as: t.org.users.admin.id });
  expect(list.json.deadLetters).toEqual([]);
  expect(list.json.queueDepth.queued).toBe(1);
  const audits = await t.h.db.select().from(auditLog).where(eq(auditLog.action, "job.replayed"));
  expect(audits).toHaveLength(1);
  const second = await call(replay.POST, "/x", { method: "POST", as: t.org.users.admin.id, params: { runId: fresh.id } });
  expect(second.status).toBe(409);
});
