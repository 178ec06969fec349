// Results computation for a large experiment: BENCH_EXPOSURES (default 1,000,000) exposed users, about 2.4 events
// each, 3 metrics (thumbs-up rate, messages per user, latency). Data is generated inside the database with
// generate_series, "received" and "logged" at their own timestamps (weeks ago). Baseline: a plain GROUP BY over the
// exposures, measured in the same run. Measured: the full computation (metric-query.ts, the path before incremental
// results), the results job's first run (rebuilds the per-user rows), then an hour later with an hour's new data
// (1% of users with late events, 0.5% new exposures: the steady state), and once more with nothing new (which still
// recomputes the same users: they changed within the 10-minute late-commit margin).
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { createExperiment } from "@/lib/experiments/store/experiments";
import { createExperimentSchema } from "@/lib/experiments/definition";
import { computeExperimentResults } from "@/lib/experiments/results";
import { exposureCounts, metricSummariesByCohort } from "@/lib/experiments/store/metric-query";

const N = Number(process.env.BENCH_EXPOSURES ?? 1_000_000);


export default async function resultsBench() {
  const handle = await openScratchDb("experiments");
  const db = handle.db;
  const { project, actor } = await benchProject(db);
  const experiment = await createExperiment(db, actor, createExperimentSchema.parse({
    key: "bench",
    name: "Bench",
    variants: [
      { key: "control", weight: 0.5 },
      { key: "treatment", weight: 0.5 },
    ],
    goalMetrics: ["thumbs_up_rate", "messages_per_user", "latency_ms"],
  }));
  const p = project.id;
  const e = experiment.id;
  const t0 = Date.now();
  await db.execute(sql`
    insert into experiment_exposures (project_id, experiment_id, user_id, variant_key, first_exposed_at, logged_at)
    select ${p}::uuid, ${e}::uuid, 'u' || g, case when g % 2 = 0 then 'control' else 'treatment' end,
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute', timestamptz '2026-10-01' + (g % 10000) * interval '1 minute'
    from generate_series(1, ${N}) g`);
  await db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties, received_at)
    select ${p}::uuid, 'm' || g || '-' || k, 'u' || g, 'message_sent',
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + k * interval '1 hour',
           jsonb_build_object('latencyMs', 600 + (g::bigint * 7919 + k * 104729) % 2400),
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + k * interval '1 hour'
    from generate_series(1, ${N}) g, generate_series(1, 2) k`);
  await db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties, received_at)
    select ${p}::uuid, 'f' || g, 'u' || g, 'feedback',
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + interval '3 hours',
           jsonb_build_object('thumbs', case when (g * 2654435761) % 100 < (case when g % 2 = 0 then 78 else 82 end) then 'up' else 'down' end),
           timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + interval '3 hours'
    from generate_series(1, ${N}) g where g % 5 < 2`);
  // Steady state: autovacuum has summarized the BRIN ranges of the loaded rows (autosummarize) and analyzed them.
  await db.execute(sql`vacuum analyze`);
  const loadMs = Date.now() - t0;

  const time = async <T>(f: () => Promise<T>) => {
    const s = performance.now();
    const value = await f();
    return { ms: performance.now() - s, value };
  };
  const now = new Date("2026-12-01T00:00:00Z");
  const metrics = experiment.goalMetrics;
  const baseline = await time(() =>
    db.execute(sql`select variant_key, count(*) from experiment_exposures where project_id = ${p} and experiment_id = ${e} group by 1`),
  );
  const full = await time(async () => {
    await exposureCounts(db, p, e, now);
    return metricSummariesByCohort(db, p, e, metrics, now);
  });
  const firstRun = await time(() => computeExperimentResults(db, p, e, { now }));

  // An hour later: late feedback for 1% of the users (timestamped inside their window, received now) and 0.5% new
  // exposures with a message each.
  const hourLater = new Date(now.getTime() + 3_600_000);
  await db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties)
    select ${p}::uuid, 'late' || g, 'u' || g, 'feedback', timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + interval '5 hours',
           '{"thumbs":"up"}'::jsonb
    from generate_series(1, ${N}, 100) g`);
  await db.execute(sql`
    insert into experiment_exposures (project_id, experiment_id, user_id, variant_key, first_exposed_at)
    select ${p}::uuid, ${e}::uuid, 'n' || g, case when g % 2 = 0 then 'control' else 'treatment' end, ${now.toISOString()}::timestamptz + g * interval '1 millisecond'
    from generate_series(1, ${Math.round(N / 200)}) g`);
  await db.execute(sql`
    insert into events (project_id, id, user_id, name, timestamp, properties)
    select ${p}::uuid, 'nm' || g, 'n' || g, 'message_sent', ${now.toISOString()}::timestamptz + interval '10 minutes', '{"latencyMs": 900}'::jsonb
    from generate_series(1, ${Math.round(N / 200)}) g`);
  const hourlyRun = await time(() => computeExperimentResults(db, p, e, { now: hourLater }));
  const repeatRun = await time(() => computeExperimentResults(db, p, e, { now: hourLater }));
  // The same figures by the full computation on the final data (a check, and the "before" time once more).
  const fullAfter = await time(() => metricSummariesByCohort(db, p, e, metrics, hourLater));
  const same = metrics.every((m) =>
    JSON.stringify(fullAfter.value.totals.get(m.key)) === JSON.stringify(hourlyRun.value.metrics.find((r) => r.metricKey === m.key)?.summaries),
  );
  await handle.close();
  const thumbs = hourlyRun.value.metrics.find((m) => m.metricKey === "thumbs_up_rate")?.analysis?.treatments[0];
  const ratio = (ms: number) => +(ms / baseline.ms).toFixed(2);
  return {
    driver: handle.driver,
    exposures: N,
    metrics: 3,
    dataLoadMs: loadMs,
    baselineExposureGroupByMs: Math.round(baseline.ms),
    fullComputationMs: Math.round(full.ms),
    fullComputationRatio: ratio(full.ms),
    firstRunRebuildMs: Math.round(firstRun.ms),
    firstRunRatio: ratio(firstRun.ms),
    hourlyRunMs: Math.round(hourlyRun.ms),
    hourlyRunRatio: ratio(hourlyRun.ms),
    hourlyRunUsersRecomputed: hourlyRun.value.unitRefresh?.usersRecomputed,
    hourlyRunRefreshMs: hourlyRun.value.unitRefresh?.refreshMs,
    hourlyRunAggregateMs: hourlyRun.value.unitRefresh?.aggregateMs,
    repeatRunMs: Math.round(repeatRun.ms),
    repeatRunRatio: ratio(repeatRun.ms),
    repeatRunRefreshMs: repeatRun.value.unitRefresh?.refreshMs,
    repeatRunAggregateMs: repeatRun.value.unitRefresh?.aggregateMs,
    fullComputationAfterMs: Math.round(fullAfter.ms),
    target: "< 2,000 ms",
    sanity: {
      incrementalEqualsFull: same,
      modes: [firstRun, hourlyRun, repeatRun].map((r) => r.value.unitRefresh?.mode),
      srmFlagged: hourlyRun.value.srm.flagged,
      thumbsUpLift: thumbs?.lift ?? null,
      thumbsUpPValue: thumbs?.pValue ?? null,
    },
    peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}
