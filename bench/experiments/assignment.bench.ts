// Assignment latency in-process: the pure hashing path (what every assign call does before its one insert) and the
// full assignAndExpose() path on a database (experiment lookup + idempotent exposure insert). Baseline: one FNV-1a
// hash of the user id, measured in the same run.
import { migrateDb, openPglite } from "@/db/client";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { fnv1a32 } from "@/lib/primitives/fnv1a";
import { assignAndExpose, variantFor } from "@/lib/experiments/expose";
import { createExperiment, changeStatus } from "@/lib/experiments/store/experiments";
import { createExperimentSchema } from "@/lib/experiments/definition";
import { ensureUser } from "@/lib/bootstrap/ensure";

const CALLS = Number(process.env.BENCH_ASSIGN_CALLS ?? 200_000);
const DB_CALLS = Number(process.env.BENCH_ASSIGN_DB_CALLS ?? 2_000);

function percentiles(samplesNs: number[]) {
  const sorted = Float64Array.from(samplesNs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  return { p50Ms: +at(0.5).toFixed(5), p99Ms: +at(0.99).toFixed(5), maxMs: +at(1).toFixed(5) };
}

function time(n: number, fn: (i: number) => unknown): number[] {
  const samples = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  return samples;
}

export default async function assignmentBench() {
  const handle = await openPglite();
  await migrateDb(handle);
  const org = await ensureOrganization(handle.db, "bench");
  const project = await ensureProject(handle.db, org.id, "bench");
  const user = await ensureUser(handle.db, "bench@example.test", "bench-password");
  const actor = { userId: user.id, email: "bench@example.test", orgId: org.id, projectId: project.id };
  const experiment = await createExperiment(handle.db, actor, createExperimentSchema.parse({
    key: "bench",
    name: "Bench",
    variants: [
      { key: "control", weight: 0.34 },
      { key: "b", weight: 0.33 },
      { key: "c", weight: 0.33 },
    ],
    coverage: 0.9,
    namespace: { id: "ns", start: 0, end: 0.8 },
    targeting: { plan: ["pro", "team", "free"] },
    goalMetrics: ["thumbs_up_rate"],
  }));
  await changeStatus(handle.db, actor, "bench", "start");

  // Warm-up so the JIT has compiled both paths.
  time(20_000, (i) => fnv1a32(`user-${i}`));
  time(20_000, (i) => variantFor(experiment, `user-${i}`, { plan: "pro" }));
  const baseline = percentiles(time(CALLS, (i) => fnv1a32(`user-${i}`)));
  const pure = percentiles(time(CALLS, (i) => variantFor(experiment, `user-${i}`, { plan: "pro" })));

  const dbSamples: number[] = [];
  for (let i = 0; i < DB_CALLS; i++) {
    const t0 = process.hrtime.bigint();
    // Every other call repeats a user: the idempotent path (no new row) is measured too.
    await assignAndExpose(handle.db, project.id, "bench", { userId: `db-user-${i >> 1}`, attributes: { plan: "pro" } });
    dbSamples.push(Number(process.hrtime.bigint() - t0));
  }
  await handle.close();
  const full = percentiles(dbSamples);
  return {
    calls: CALLS,
    baselineFnvHash: baseline,
    assignmentInProcess: pure,
    p99RatioToBaseline: +(pure.p99Ms / baseline.p99Ms).toFixed(2),
    assignAndExposeWithPglite: { calls: DB_CALLS, ...full },
    budgetP99Ms: 2,
    withinBudget: pure.p99Ms < 2,
  };
}
