// Root cause hit rate on generated incidents: one segment's error rate, latency (p95 and mean), cost or thumbs-down
// rate rises, a mix shift with no segment's own rate changing, and two-dimension incidents. Reports how often the
// injected segment ranks first and in the top 3, and the time per analysis against a plain GROUP BY of the same
// rows in the same run. BENCH_RC_TRIALS (default 4 per kind), BENCH_RC_PER_DAY (default 800 traces a day, one
// current day against 3 baseline days), BENCH_RC_KINDS (a comma-separated subset); DATABASE_URL for PostgreSQL.
// Each trial is analysed from the traces, then again after the root cause rollups are computed (as the hourly job
// does): hits are counted with the rollups, and `sameTop3` counts the trials whose top 3 did not change (the first
// analysis is the exact one: percentiles from the traces, not the sketches).
import { sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import { refreshSegmentRollups } from "@/lib/insights/store/segment-rollups";
import type { RootCauseMetricName } from "@/lib/insights/root-cause/metrics";
import { createRandom } from "@/lib/primitives/random";
import { expectedCandidate, type Incident, INCIDENT_DIMENSIONS, type IncidentDimension, incidentMetric, type IncidentKind, seedIncident } from "@/tests/support/insights-incidents";

const TRIALS = Number(process.env.BENCH_RC_TRIALS ?? 4);
const PER_DAY = Number(process.env.BENCH_RC_PER_DAY ?? 800);
const BASELINE_DAYS = 3;
const DAY = 86_400_000;
const ALL_KINDS: IncidentKind[] = ["error_rate", "latency_p95", "latency_mean", "cost", "thumbs_down_rate", "mix", "two_dimension"];
/** BENCH_RC_KINDS=mix,cost runs only those kinds. */
const KINDS = process.env.BENCH_RC_KINDS ? ALL_KINDS.filter((k) => process.env.BENCH_RC_KINDS!.split(",").includes(k)) : ALL_KINDS;
const DIMENSIONS = Object.keys(INCIDENT_DIMENSIONS) as IncidentDimension[];

function randomIncident(kind: IncidentKind, seed: number): Incident {
  const rnd = createRandom(seed);
  const valueOf = (d: IncidentDimension) => rnd.pick(Object.keys(INCIDENT_DIMENSIONS[d]));
  if (kind === "two_dimension") {
    const a = rnd.pick(DIMENSIONS);
    const b = rnd.pick(DIMENSIONS.filter((d) => d !== a));
    return { kind, segment: { [a]: valueOf(a), [b]: valueOf(b) } };
  }
  const d = rnd.pick(DIMENSIONS);
  return { kind, segment: { [d]: valueOf(d) } };
}

export default async function rootCauseAccuracyBench() {
  const h = await openScratchDb("rca");
  const db = h.db;
  const org = await ensureOrganization(db, "bench");
  const currentFrom = new Date("2026-11-20T00:00:00Z");
  const current = { from: currentFrom, to: new Date(currentFrom.getTime() + DAY) };
  const baseline = { from: new Date(currentFrom.getTime() - BASELINE_DAYS * DAY), to: currentFrom };
  const perKind: Record<string, { trials: number; top1: number; top3: number; misses: string[] }> = {};
  const analysisMs: number[] = [];
  const groupByMs: number[] = [];
  const fromTracesMs: number[] = [];
  let sameTop3 = 0;
  const top3 = (r: Awaited<ReturnType<typeof analyzeRootCause>>) => r.candidates.slice(0, 3).map((c) => `${c.dimension}=${c.value}`).join(", ");
  for (const kind of KINDS) {
    perKind[kind] = { trials: 0, top1: 0, top3: 0, misses: [] };
    for (let trial = 0; trial < TRIALS; trial++) {
      const seed = 1000 * (ALL_KINDS.indexOf(kind) + 1) + trial;
      const incident = randomIncident(kind, seed);
      const project = await ensureProject(db, org.id, `${kind}-${trial}`);
      await seedIncident(db, project.id, incident, { currentFrom, baselineDays: BASELINE_DAYS, perDay: PER_DAY, seed });
      const request = { projectId: project.id, metric: incidentMetric(kind) as RootCauseMetricName, current, baseline };
      const t = performance.now();
      const plain = await analyzeRootCause(db, { ...request, exact: true });
      fromTracesMs.push(performance.now() - t);
      await refreshSegmentRollups(db, project.id, new Date(current.to.getTime() + 30 * 60_000));
      const t0 = performance.now();
      const result = await analyzeRootCause(db, request);
      analysisMs.push(performance.now() - t0);
      if (top3(plain) === top3(result)) sameTop3++;
      const t1 = performance.now();
      await db.execute(sql`select environment, count(*), sum(total_cost), avg(latency_ms) from traces where project_id = ${project.id}
        and timestamp >= ${baseline.from.toISOString()}::timestamptz and timestamp < ${current.to.toISOString()}::timestamptz group by 1`);
      groupByMs.push(performance.now() - t1);
      const want = expectedCandidate(incident);
      const rank = result.candidates.findIndex((c) => c.dimension === want.dimension && c.value === want.value);
      const k = perKind[kind];
      k.trials++;
      if (rank === 0) k.top1++;
      if (rank >= 0 && rank < 3) k.top3++;
      if (rank !== 0) k.misses.push(`${want.dimension}=${want.value} ranked ${rank < 0 ? "absent" : rank + 1}; first ${result.candidates[0]?.dimension}=${result.candidates[0]?.value}`);
    }
  }
  await h.close();
  const trials = Object.values(perKind).reduce((s, k) => s + k.trials, 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    driver: h.driver,
    tracesPerAnalysis: PER_DAY * (BASELINE_DAYS + 1),
    trials,
    top1HitRate: +(sum(Object.values(perKind).map((k) => k.top1)) / trials).toFixed(3),
    top3HitRate: +(sum(Object.values(perKind).map((k) => k.top3)) / trials).toFixed(3),
    sameTop3WithRollups: `${sameTop3}/${trials}`,
    perKind,
    fromTracesMedianMs: Math.round(median(fromTracesMs)),
    analysisMedianMs: Math.round(median(analysisMs)),
    plainGroupByMedianMs: +median(groupByMs).toFixed(1),
    ratioToGroupBy: +(median(analysisMs) / median(groupByMs)).toFixed(1),
  };
}
