// Root cause analysis time over BENCH_RC_TRACES traces (default 200,000; the target is 1M on PostgreSQL),
// each with one generation, across an 8-day baseline and a 1-day current window with an injected error-rate rise
// on one prompt version. Baseline: a plain GROUP BY over the same rows in the same run. DATABASE_URL for PostgreSQL.
// Measured: the analysis from the traces alone (no rollups yet; BENCH_RC_RAW=0 skips it), the job's rollup backfill,
// then the analysis and the anomaly root causes (an hourly and a daily anomaly's windows, and a daily anomaly on one
// model's series) with the rollups.
import { sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import { rowsOf } from "@/db/client";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import { anomalyAnalysis } from "@/lib/insights/root-cause/anomaly-windows";
import { refreshSegmentRollups } from "@/lib/insights/store/segment-rollups";

const N = Number(process.env.BENCH_RC_TRACES ?? 200_000);
const DAY = 86_400_000;

export default async function rootCauseScaleBench() {
  const h = await openScratchDb("rcscale");
  const db = h.db;
  const org = await ensureOrganization(db, "bench");
  const p = (await ensureProject(db, org.id, "bench")).id;
  const currentFrom = new Date("2026-11-20T00:00:00Z");
  const start = new Date(currentFrom.getTime() - 8 * DAY);
  const seconds = 9 * 86_400;
  await db.execute(sql`insert into end_users (project_id, user_id, plan, country, signup_at)
    select ${p}::uuid, 'u' || g, (array['free','pro','team'])[1 + g % 3], (array['US','DE','FR','JP','BR'])[1 + g % 5], timestamptz '2026-01-01' from generate_series(0, 4999) g`);
  // Spread over 9 days; traces of prompt version v3 in the last day fail 25% of the time, others 3%.
  await db.execute(sql`insert into traces (project_id, id, name, user_id, environment, release, timestamp, has_root, metadata, total_tokens, total_cost, latency_ms, level)
    select ${p}::uuid, 't' || g, (array['support-chat','sql-agent','summarize'])[1 + g % 3], 'u' || (g::bigint * 7919 % 5000),
      case when g % 4 = 0 then 'staging' else 'production' end, (array['r1','r2'])[1 + (g / 7) % 2],
      ${start.toISOString()}::timestamptz + ((g::bigint * 104729) % ${seconds}) * interval '1 second', true,
      jsonb_build_object('prompt_version', (array['v1','v2','v3'])[1 + (g / 3) % 3]), 1000, 0.002 + (g % 5) * 0.001, 500 + (g * 37) % 3000,
      case when ((g * 2654435761::bigint) % 1000) < case when (g / 3) % 3 = 2 and ((g::bigint * 104729) % ${seconds}) >= ${seconds - 86_400} then 250 else 30 end then 'ERROR' else 'DEFAULT' end
    from generate_series(0, ${N - 1}) g`);
  await db.execute(sql`insert into observations (project_id, trace_id, id, type, name, start_time, model, level)
    select project_id, id, id || '-g', 'generation', 'answer', timestamp, (array['gpt-4o','gpt-4o-mini','claude-haiku','llama-3'])[1 + (substr(id, 2)::int / 11) % 4], level from traces where project_id = ${p}`);
  await db.execute(sql`analyze`);
  const current = { from: currentFrom, to: new Date(currentFrom.getTime() + DAY) };
  const baseline = { from: start, to: currentFrom };
  const time = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  const best = async (reps: number, f: () => Promise<unknown>) => {
    let ms = Infinity;
    for (let r = 0; r < reps; r++) ms = Math.min(ms, await time(f));
    return ms;
  };
  const groupBy = () => db.execute(sql`select environment, count(*), sum(total_cost), avg(latency_ms) from traces where project_id = ${p} and timestamp >= ${baseline.from.toISOString()}::timestamptz and timestamp < ${current.to.toISOString()}::timestamptz group by 1`);
  const top3 = (r: Awaited<ReturnType<typeof analyzeRootCause>>) => r.candidates.slice(0, 3).map((c) => `${c.dimension}=${c.value}`);
  let fromTraces: { ms: number; top: string[] } | null = null;
  if (process.env.BENCH_RC_RAW !== "0") {
    let top: string[] = [];
    const ms = await time(async () => (top = top3(await analyzeRootCause(db, { projectId: p, metric: "error_rate", current, baseline }))));
    fromTraces = { ms: Math.round(ms), top };
  }
  // What the monitoring-rollups job does on its first run after the data arrived (30 days of hours).
  const now = new Date(current.to.getTime() + 30 * 60_000);
  const rollupMs = await time(() => refreshSegmentRollups(db, p, now));
  const refreshMs = await time(() => refreshSegmentRollups(db, p, new Date(now.getTime() + 3_600_000)));
  await db.execute(sql`analyze root_cause_rollups`);
  let top: string[] = [];
  const groupByMs = await best(3, groupBy);
  const analysisMs = await best(3, async () => (top = top3(await analyzeRootCause(db, { projectId: p, metric: "error_rate", current, baseline }))));
  const anomaly = async (granularity: "hour" | "day", at: Date, series = { dimension: "all", dimensionValue: "all" }) => {
    const plan = anomalyAnalysis({ metric: "request_error_rate", granularity, ...series, timestamp: at, kind: "spike" });
    if ("reason" in plan) throw new Error(plan.reason);
    return Math.round(await best(3, () => analyzeRootCause(db, { projectId: p, ...plan })));
  };
  const hourlyAnomalyMs = await anomaly("hour", new Date(current.to.getTime() - 3_600_000));
  const dailyAnomalyMs = await anomaly("day", current.from);
  // An anomaly on one model's series: analysed within it (the pair pass reads the rollups' triples).
  const dailySeriesAnomalyMs = await anomaly("day", current.from, { dimension: "model", dimensionValue: "gpt-4o" });
  const rollupRows = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from root_cause_rollups where project_id = ${p}`))[0]?.n ?? 0);
  await h.close();
  return {
    driver: h.driver,
    traces: N,
    plainGroupByMs: Math.round(groupByMs),
    fromTraces: fromTraces && { ...fromTraces, ratio: +(fromTraces.ms / groupByMs).toFixed(2) },
    withRollups: { analysisMs: Math.round(analysisMs), ratio: +(analysisMs / groupByMs).toFixed(2), top, hourlyAnomalyMs, dailyAnomalyMs, dailySeriesAnomalyMs },
    rollups: { backfillMs: Math.round(rollupMs), hourlyRefreshMs: Math.round(refreshMs), rows: rollupRows },
  };
}
