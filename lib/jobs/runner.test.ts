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

const PROJECT = "00000000-0000-0000-0000-000000000000";
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
    await runner.send({ name: "test/flaky", data: { n: 1 }, id: "always" });
    await runner.drain();
    expect(calls.handler).toBe(4);
    const [run] = await runsOf(job.id);
    expect(run).toMatchObject({ status: "dead", attempts: 4, maxAttempts: 4 });
    expect(run.lastError).toContain("boom 4");
    const dead = await listDeadLetters(h.db, PROJECT);
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
    const stats = await jobStats(h.db, PROJECT);
    expect(stats.queueDepth).toEqual({ queued: 0, running: 0 });
    const flaky = stats.functions.filter((f) => f.functionId.startsWith("flaky-"));
    expect(flaky.length).toBeGreaterThan(0);
    const succeeded = flaky.find((f) => f.succeeded > 0)!;
    expect(succeeded.p50Ms).not.toBeNull();
    expect(succeeded.p95Ms!).toBeGreaterThanOrEqual(succeeded.p50Ms!);
  });
});
