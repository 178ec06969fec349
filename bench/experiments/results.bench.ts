// Results computation for a large experiment: BENCH_EXPOSURES (default 1,000,000) exposed users, about 2.4 events
// each, 3 metrics (thumbs-up rate, messages per user, latency). Data is generated inside the database with
// generate_series. Baseline: a plain GROUP BY over the exposures, measured in the same run.
import { sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject, ensureUser } from "@/lib/bootstrap/ensure";
import { createExperiment } from "@/lib/experiments/store";
import { computeExperimentResults } from "@/lib/experiments/results";

const N = Number(process.env.BENCH_EXPOSURES ?? 1_000_000);


export default async function resultsBench() {
  const handle = await openScratchDb("experiments");
  const db = handle.db;
  const org = await ensureOrganization(db, "bench");
  const project = await ensureProject(db, org.id, "bench");
  const user = await ensureUser(db, "bench@example.test", "bench-password");
  const actor = { userId: user.id, email: "bench@example.test", orgId: org.id, projectId: project.id };
  const experiment = await createExperiment(db, actor, {
    key: "bench",
    name: "Bench",
    variants: [
      { key: "control", weight: 0.5 },
      { key: "treatment", weight: 0.5 },
    ],
    goalMetrics: ["thumbs_up_rate", "messages_per_user", "latency_ms"],
  });
  const p = project.id;
  const e = experiment.id;
  const t0 = Date.now();
  await db.execute(sql`
    insert into experiment_exposures (project_id, experiment_id, user_id, variant_key, first_exposed_at)
    select ${p}::uuid, ${e}::uuid, 'u' || g, case when g % 2 = 0 then 'control' else 'treatment' end,
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute'
    from generate_series(1, ${N}) g`);
  await db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties)
    select ${p}::uuid, 'm' || g || '-' || k, 'u' || g, 'message_sent',
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + k * interval '1 hour',
           jsonb_build_object('latencyMs', 600 + (g::bigint * 7919 + k * 104729) % 2400)
    from generate_series(1, ${N}) g, generate_series(1, 2) k`);
  await db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties)
    select ${p}::uuid, 'f' || g, 'u' || g, 'feedback',
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + interval '3 hours',
           jsonb_build_object('thumbs', case when (g * 2654435761) % 100 < (case when g % 2 = 0 then 78 else 82 end) then 'up' else 'down' end)
    from generate_series(1, ${N}) g where g % 5 < 2`);
  const loadMs = Date.now() - t0;

  const b0 = performance.now();
  await db.execute(sql`select variant_key, count(*) from experiment_exposures where project_id = ${p} and experiment_id = ${e} group by 1`);
  const baselineMs = performance.now() - b0;
  const r0 = performance.now();
  const snapshot = await computeExperimentResults(db, p, e, { now: new Date("2026-12-01T00:00:00Z") });
  const resultsMs = performance.now() - r0;
  await handle.close();
  const thumbs = snapshot.metrics.find((m) => m.metricKey === "thumbs_up_rate")?.analysis?.treatments[0];
  return {
    driver: handle.driver,
    exposures: N,
    metrics: 3,
    dataLoadMs: loadMs,
    baselineExposureGroupByMs: Math.round(baselineMs),
    resultsMs: Math.round(resultsMs),
    ratioToBaseline: +(resultsMs / baselineMs).toFixed(2),
    sanity: { srmFlagged: snapshot.srm.flagged, thumbsUpLift: thumbs?.lift ?? null, thumbsUpPValue: thumbs?.pValue ?? null },
    peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}
