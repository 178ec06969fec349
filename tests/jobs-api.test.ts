// The Jobs API through its real route handlers: listing, replay, manual triggers, and isolation between tenants.
import { beforeAll, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { call, seededDatabase, seedOrg } from "./support/fixtures";
import { auditLog, jobRuns } from "@/db/schema";
import type { Db } from "@/db/client";
import { enqueueRun } from "@/lib/jobs/ledger";
import * as jobs from "@/app/api/v1/jobs/route";
import * as replay from "@/app/api/v1/jobs/[runId]/replay/route";
import * as trigger from "@/app/api/v1/jobs/trigger/route";

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
    projectId: t.org.project.id,
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

/** A dead-lettered run in the ledger, of a project or global (projectId null). */
async function deadRun(db: Db, projectId: string | null, key: string, payload: Record<string, unknown> = {}) {
  const { id } = await enqueueRun(db, {
    functionId: "monitoring-rollups",
    eventName: "prism/monitoring.rollups.requested",
    idempotencyKey: key,
    payload: projectId ? { projectId, ...payload } : payload,
    maxAttempts: 3,
    mode: "embedded",
    projectId,
  });
  await db.update(jobRuns).set({ status: "dead", attempts: 3, lastError: "db down", finishedAt: new Date() }).where(eq(jobRuns.id, id));
  return id;
}

test("one organization never sees nor replays another's runs, and global runs are visible to no tenant", async () => {
  const [a, b] = [await seedOrg(t.h.db), await seedOrg(t.h.db)];
  const runA = await deadRun(t.h.db, a.project.id, `a-${a.org.id}`);
  const global = await deadRun(t.h.db, null, `global-${a.org.id}`, { results: ["every project's numbers"] });
  const ids = (body: { runs: { id: string }[]; deadLetters: { id: string }[] }) => [...body.runs, ...body.deadLetters].map((r) => r.id);

  const seenByB = await call(jobs.GET, "/api/v1/jobs", { as: b.users.owner.id });
  expect(seenByB.status).toBe(200);
  expect(ids(seenByB.json)).toEqual([]);
  expect(seenByB.json.functions).toEqual([]);
  const seenByA = await call(jobs.GET, "/api/v1/jobs", { as: a.users.viewer.id });
  expect(ids(seenByA.json)).toContain(runA);
  expect(ids(seenByA.json)).not.toContain(global);

  for (const [who, runId] of [[b.users.owner.id, runA], [a.users.owner.id, global]]) {
    const res = await call(replay.POST, `/api/v1/jobs/${runId}/replay`, { method: "POST", as: who, params: { runId } });
    expect(res.status).toBe(404);
  }
  expect(await t.h.db.select().from(jobRuns).where(eq(jobRuns.replayOf, runA))).toEqual([]);
  expect(await t.h.db.select().from(auditLog).where(eq(auditLog.orgId, b.org.id))).toEqual([]);

  const own = await call(replay.POST, `/api/v1/jobs/${runA}/replay`, { method: "POST", as: a.users.owner.id, params: { runId: runA } });
  expect(own.status).toBe(202);
  const [fresh] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.id, own.json.replayRunId));
  expect(fresh).toMatchObject({ projectId: a.project.id, replayOf: runA });
  const audits = await t.h.db.select().from(auditLog).where(and(eq(auditLog.action, "job.replayed"), eq(auditLog.targetId, runA)));
  expect(audits.map((r) => [r.orgId, r.projectId])).toEqual([[a.org.id, a.project.id]]);
  expect(ids((await call(jobs.GET, "/api/v1/jobs", { as: b.users.owner.id })).json)).toEqual([]);
});

test("a replay refused at the enqueue leaves no audit row (both commit together or not at all)", async () => {
  const a = await seedOrg(t.h.db);
  const runId = await deadRun(t.h.db, a.project.id, `bad-${a.org.id}`, { from: "not a date" });
  const res = await call(replay.POST, `/api/v1/jobs/${runId}/replay`, { method: "POST", as: a.users.owner.id, params: { runId } });
  expect(res.status).toBe(422);
  expect(res.json.error.message).toContain("payload.from");
  expect(await t.h.db.select().from(auditLog).where(eq(auditLog.orgId, a.org.id))).toEqual([]);
  expect(await t.h.db.select().from(jobRuns).where(eq(jobRuns.replayOf, runId))).toEqual([]);
});

test("a manual housekeeping run belongs to the admin's project: listed there, audited there, invisible elsewhere", async () => {
  const [a, b] = [await seedOrg(t.h.db), await seedOrg(t.h.db)];
  const res = await call(trigger.POST, "/api/v1/jobs/trigger", { method: "POST", as: a.users.admin.id, body: { job: "nightly-housekeeping" } });
  expect(res.status).toBe(202);
  const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, res.json.idempotencyKey));
  expect(run).toMatchObject({ functionId: "nightly-housekeeping", projectId: a.project.id, status: "queued" });
  expect((await call(jobs.GET, "/api/v1/jobs", { as: a.users.viewer.id })).json.runs.map((r: { id: string }) => r.id)).toContain(run.id);
  expect((await call(jobs.GET, "/api/v1/jobs", { as: b.users.owner.id })).json.runs).toEqual([]);
  const audits = await t.h.db.select().from(auditLog).where(eq(auditLog.action, "job.triggered"));
  expect(audits.filter((r) => r.orgId === a.org.id)).toHaveLength(1);
  expect(audits.filter((r) => r.orgId === b.org.id)).toHaveLength(0);
  const unknown = await call(trigger.POST, "/api/v1/jobs/trigger", { method: "POST", as: a.users.admin.id, body: { job: "monitoring-rollups" } });
  expect(unknown.status).toBe(404);
});
