// What the demo computes at set-up (experiment results, Spectrum analyses, rollups, detection, drift, forecasts) is
// recorded in the job ledger like any run, so the Jobs page never says "No runs yet" under a Forecasts page that
// cites "the daily monitoring-forecasts job".
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDemoTestDb, DEMO_SEED_TIMEOUT, DEMO_TEST_OPTIONS } from "@/tests/support/demo";
import type { DbHandle } from "@/db/client";
import { listRuns } from "@/lib/jobs/ledger";
import { jobStats } from "@/lib/jobs/stats";

let h: DbHandle;
let projectId: string;
beforeAll(async () => {
  ({ handle: h, seeded: { projectId } } = await createDemoTestDb(DEMO_TEST_OPTIONS));
}, DEMO_SEED_TIMEOUT);
afterAll(async () => h.close());

test("the demo's set-up passes appear on the Jobs page as succeeded runs of the jobs they stand for", { timeout: 240_000 }, async () => {
  // Ingesting the demo also requests real jobs (profiles, sentiment, merges): those are queued, not set-up passes.
  const runs = (await listRuns(h.db, projectId, { limit: 500 })).filter((run) => run.idempotencyKey.startsWith("demo set-up:"));
  const byFunction = new Map<string, number>();
  for (const run of runs) {
    expect(run.status).toBe("succeeded");
    expect(run.payload).toMatchObject({ source: "demo set-up", projectId });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    byFunction.set(run.functionId, (byFunction.get(run.functionId) ?? 0) + 1);
  }
  for (const fn of ["monitoring-rollups", "monitoring-detection", "monitoring-drift", "monitoring-forecasts", "spectrum-weekly"]) {
    expect(byFunction.get(fn), fn).toBe(1);
  }
  expect(byFunction.get("experiment-results")).toBeGreaterThanOrEqual(2);
  const stats = await jobStats(h.db, projectId);
  expect(stats.functions.find((f) => f.functionId === "monitoring-forecasts")).toMatchObject({ runs: 1, succeeded: 1, dead: 0 });
});
