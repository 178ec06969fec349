// The embedded runner's guarantees: retries with memoized steps, dead letters, idempotency, crash recovery, stats.
// Every test has its own job id and its own project, so none depends on another's runs.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/tests/support/db";
import type { DbHandle } from "@/db/client";
import { jobRuns, jobSteps } from "@/db/schema";
import { defineJob } from "./define";
import { EmbeddedRunner } from "./runner";
import { listDeadLetters, jobStats } from "./stats";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h.close();
});

const fastBackoff = { baseMs: 2, maxMs: 10 };

function flakyJob(failures: number, calls: { handler: number; sideEffect: number }) {
  return defineJob({
    id: `flaky-${failures}-${Math.random().toString(36).slice(2)}`,
    name: "flaky",
    triggers: [{ event: "test/flaky" }],
    retries: 3,
    handler: async ({ step }) => {
      calls.handler++;
      // The side effect is a memoized step: retries must not repeat it.
      await step.run("side-effect", () => {
        calls.sideEffect++;
        return "done";
      });
      if (calls.handler <= failures) throw new Error(`boom ${calls.handler}`);
      return { ok: true };
    },
  });
}

async function runsOf(functionId: string) {
  return h.db.select().from(jobRuns).where(eq(jobRuns.functionId, functionId));
}

describe("embedded runner", () => {
  test("a job that fails twice then succeeds runs three times and is recorded once", async () => {
    const calls = { handler: 0, sideEffect: 0 };
    const job = flakyJob(2, calls);
    const runner = new EmbeddedRunner(h.db, [job], { backoff: fastBackoff, log: () => {} });
    await runner.send({ name: "test/flaky", data: {}, id: "k1" });
    await runner.drain();
    expect(calls.handler).toBe(3);
    expect(calls.sideEffect).toBe(1);
    const runs = await runsOf(job.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", attempts: 3, lastError: null, result: { ok: true } });
    expect(runs[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  test("a job that always fails lands in the dead-letter queue after its last attempt", async () => {
    const calls = { handler: 0, sideEffect: 0 };
    const job = flakyJob(Infinity, calls);
    const runner = new EmbeddedRunner(h.db, [job], { backoff: fastBackoff, log: () => {} });
    const project = randomUUID();
    await runner.send({ name: "test/flaky", data: { n: 1, projectId: project }, id: "always" });
    await runner.drain();
    expect(calls.handler).toBe(4);
    const [run] = await runsOf(job.id);
    expect(run).toMatchObject({ status: "dead", attempts: 4, maxAttempts: 4 });
    expect(run.lastError).toContain("boom 4");
    const dead = await listDeadLetters(h.db, project);
    expect(dead.map((d) => d.id)).toContain(run.id);
  });

  test("sending the same idempotency key again does nothing", async () => {
    const calls = { handler: 0, sideEffect: 0 };
    const job = flakyJob(0, calls);
    const runner = new EmbeddedRunner(h.db, [job], { backoff: fastBackoff, log: () => {} });
    const first = await runner.send({ name: "test/flaky", data: {}, id: "same" });
    await runner.drain();
    const second = await runner.send({ name: "test/flaky", data: {}, id: "same" });
    await runner.drain();
    expect(first[0].created).toBe(true);
    expect(second[0]).toMatchObject({ created: false, runId: first[0].runId });
    expect(calls.handler).toBe(1);
    expect(await runsOf(job.id)).toHaveLength(1);
  });

  test("a run whose worker crashed mid-step is resumed: finished steps are not repeated", async () => {
    const calls = { handler: 0, sideEffect: 0 };
    const job = flakyJob(0, calls);
    const runner = new EmbeddedRunner(h.db, [job], { backoff: fastBackoff, log: () => {} });
    const [{ runId }] = await runner.send({ name: "test/flaky", data: {}, id: "crash" });
    // Simulate a worker that claimed the run, finished the step, then died: lease expired, status still running.
    await h.db.insert(jobSteps).values({ runId, stepId: "side-effect", output: "done" });
    await h.db
      .update(jobRuns)
      .set({ status: "running", attempts: 1, lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(jobRuns.id, runId));
    await runner.drain();
    expect(calls.sideEffect).toBe(0);
    const [run] = await runsOf(job.id);
    expect(run).toMatchObject({ status: "succeeded", attempts: 2 });
  });

  test("stats report queue depth and duration percentiles per job", async () => {
    const project = randomUUID();
    const runner = new EmbeddedRunner(h.db, [flakyJob(1, { handler: 0, sideEffect: 0 })], { backoff: fastBackoff, log: () => {} });
    await runner.send({ name: "test/flaky", data: { projectId: project }, id: "stats" });
    await runner.drain();
    const stats = await jobStats(h.db, project);
    expect(stats.queueDepth).toEqual({ queued: 0, running: 0 });
    const flaky = stats.functions.filter((f) => f.functionId.startsWith("flaky-"));
    expect(flaky.length).toBeGreaterThan(0);
    const succeeded = flaky.find((f) => f.succeeded > 0)!;
    expect(succeeded.p50Ms).not.toBeNull();
    expect(succeeded.p95Ms!).toBeGreaterThanOrEqual(succeeded.p50Ms!);
  });

  test("drain waits for the work however long it takes; only a run stuck elsewhere makes it give up, saying which", async () => {
    // A run that takes longer than drain's cap: executing is progress, so a slow machine only makes drain slower.
    const slow = defineJob({
      id: `slow-${randomUUID()}`,
      name: "slow",
      triggers: [{ event: "test/slow" }],
      retries: 0,
      handler: async ({ step }) => step.run("wait", () => new Promise((r) => setTimeout(() => r("done"), 600))),
    });
    const runner = new EmbeddedRunner(h.db, [slow], { log: () => {} });
    await runner.send({ name: "test/slow", data: {}, id: "slow" });
    await runner.drain(200);
    expect((await runsOf(slow.id))[0]).toMatchObject({ status: "succeeded", result: "done" });

    // A run leased by another worker that never finishes: no progress, so drain stops with a clear message.
    const [{ runId }] = await runner.send({ name: "test/slow", data: {}, id: "held" });
    await h.db.update(jobRuns).set({ status: "running", attempts: 1, lockedUntil: new Date(Date.now() + 3_600_000) }).where(eq(jobRuns.id, runId));
    await expect(runner.drain(100)).rejects.toThrow(new RegExp(`no progress .*${slow.id} ${runId}, running`));
  });
});
