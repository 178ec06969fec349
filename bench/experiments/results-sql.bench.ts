// The results SQL against its previous shape on the same data in the same run: the per-user step grouped by
// (variant_key, user_id) (before: forces a sort of every joined row) versus by user_id alone (now; the join arrives in
// the exposures index's user order), and the current metricSummariesByCohort (user_id grouping + cohort split).
// Baseline: a plain GROUP BY over the exposures. BENCH_SQL_EXPOSURES (default 200,000); DATABASE_URL for PostgreSQL.
import { sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject, ensureUser } from "@/lib/bootstrap/ensure";
import { createExperiment } from "@/lib/experiments/store/experiments";
import { createExperimentSchema } from "@/lib/experiments/definition";
import { metricSummariesByCohort } from "@/lib/experiments/store/metric-query";
const N = Number(process.env.BENCH_SQL_EXPOSURES ?? 200_000);
export default async function resultsSqlBench() {
  const h = await openScratchDb("cmp"); const db = h.db;
  const org = await ensureOrganization(db, "b"); const project = await ensureProject(db, org.id, "b");
  const user = await ensureUser(db, "b@example.test", "bench-password");
  const exp = await createExperiment(db, { userId: user.id, email: "b@example.test", orgId: org.id, projectId: project.id }, createExperimentSchema.parse({ key: "bench", name: "B", variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5 }], goalMetrics: ["thumbs_up_rate", "messages_per_user", "latency_ms"] }));
  const p = project.id, e = exp.id;
  await db.execute(sql`insert into experiment_exposures (project_id, experiment_id, user_id, variant_key, first_exposed_at) select ${p}::uuid, ${e}::uuid, 'u' || g, case when g % 2 = 0 then 'control' else 'treatment' end, timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into events (project_id, id, user_id, name, timestamp, properties) select ${p}::uuid, 'm' || g || '-' || k, 'u' || g, 'message_sent', timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + k * interval '1 hour', jsonb_build_object('latencyMs', 600 + (g::bigint * 7919 + k * 104729) % 2400) from generate_series(1, ${N}) g, generate_series(1, 2) k`);
  await db.execute(sql`insert into events (project_id, id, user_id, name, timestamp, properties) select ${p}::uuid, 'f' || g, 'u' || g, 'feedback', timestamptz '2026-10-01' + (g % 10000) * interval '1 minute' + interval '3 hours', jsonb_build_object('thumbs', case when (g * 2654435761) % 100 < 80 then 'up' else 'down' end) from generate_series(1, ${N}) g where g % 5 < 2`);
  const W = sql.raw(`interval '1814400 seconds'`);
  const oldQ = (group: string) => sql`with exposed as (select user_id, min(variant_key) as variant_key, min(first_exposed_at) as first_exposed_at from experiment_exposures where project_id = ${p} and experiment_id = ${e} and first_exposed_at < '2026-12-01'::timestamptz group by user_id having count(*) = 1),
  unit as (select min(x.variant_key) as variant_key,
   (coalesce(sum(case when (e.name in ('feedback') and e.properties @> '{"thumbs":"up"}'::jsonb and e.timestamp < x.first_exposed_at + ${W}) then 1 else 0 end),0))::double precision as y0,
   (coalesce(sum(case when (e.name in ('feedback') and e.timestamp < x.first_exposed_at + ${W}) then 1 else 0 end),0))::double precision as d0,
   (coalesce(sum(case when (e.name in ('message_sent') and e.timestamp < x.first_exposed_at + ${W}) then 1 else 0 end),0))::double precision as y1,
   (coalesce(sum(case when (e.name in ('message_sent') and e.timestamp < x.first_exposed_at + ${W}) then (case when jsonb_typeof(e.properties -> 'latencyMs') = 'number' then (e.properties ->> 'latencyMs')::double precision else 0 end) else 0 end),0))::double precision as y2,
   (coalesce(sum(case when (e.name in ('message_sent') and e.timestamp < x.first_exposed_at + ${W}) then 1 else 0 end),0))::double precision as d2
  from exposed x left join events e on e.project_id = ${p} and e.user_id = x.user_id and e.timestamp >= x.first_exposed_at and e.timestamp < x.first_exposed_at + ${W} and e.timestamp < '2026-12-01'::timestamptz and e.name in ('feedback','message_sent')
  group by ${sql.raw(group)})
  select variant_key, count(*), sum(y0), sum(y0*y0), sum(d0), sum(d0*d0), sum(y0*d0), sum(y1), sum(y1*y1), sum(y2), sum(y2*y2), sum(d2), sum(d2*d2), sum(y2*d2) from unit group by variant_key`;
  const metrics = exp.goalMetrics;
  const time = async (f: () => Promise<unknown>) => {
    const s = performance.now();
    await f();
    return performance.now() - s;
  };
  const best = { baseline: Infinity, previous: Infinity, userGrouping: Infinity, current: Infinity };
  // Two rounds, best of each, alternating so load drift hits every variant alike.
  for (let r = 0; r < 2; r++) {
    best.baseline = Math.min(best.baseline, await time(() => db.execute(sql`select variant_key, count(*) from experiment_exposures where project_id = ${p} and experiment_id = ${e} group by 1`)));
    best.previous = Math.min(best.previous, await time(() => db.execute(oldQ("x.variant_key, x.user_id"))));
    best.userGrouping = Math.min(best.userGrouping, await time(() => db.execute(oldQ("x.user_id"))));
    best.current = Math.min(best.current, await time(() => metricSummariesByCohort(db, p, e, metrics, new Date("2026-12-01"))));
  }
  await h.close();
  const ratio = (ms: number) => +(ms / best.baseline).toFixed(2);
  return {
    driver: h.driver,
    exposures: N,
    baselineExposureGroupByMs: Math.round(best.baseline),
    previousQueryMs: Math.round(best.previous),
    previousRatio: ratio(best.previous),
    userIdGroupingMs: Math.round(best.userGrouping),
    userIdGroupingRatio: ratio(best.userGrouping),
    currentWithCohortsMs: Math.round(best.current),
    currentRatio: ratio(best.current),
  };
}
