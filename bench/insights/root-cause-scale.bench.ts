// Root cause analysis time over BENCH_RC_TRACES traces (default 200,000; the target is 1M on PostgreSQL),
// each with one generation, across an 8-day baseline and a 1-day current window with an injected error-rate rise
// on one prompt version. Baseline: a plain GROUP BY over the same rows in the same run. DATABASE_URL for PostgreSQL.
// Measured: the analysis from the traces alone (no rollups yet; BENCH_RC_RAW=0 skips it), the job's rollup backfill,
// then the analysis and the anomaly root causes (an hourly and a daily anomaly's windows, and a daily anomaly on one
// model's series) with the rollups. Then every other metric kind with the rollups: latency p95 (sketches), the
// thumbs-down rate (half the traces rated), an event metric (the event error rate over BENCH_RC_EVENTS events,
// default N) and the error rate over a marked metadata key; with BENCH_RC_RAW unset, the p95 exactly from the traces
// too (its top 3 against the sketches'). Last, the p95 with the hourly rows only (the daily tier dropped) and the
// daily tier's build time alone (it is part of the backfill and refresh figures; it includes the per-user rows). A saved
// cohort as a ninth dimension: the error rate and p95 analyses with it, and its own scan from the per-user daily tier
// against the same scan from the traces (how it was read before that tier), alone and paired with the prompt version
// (the tier's rows per user and value, migration 0077); the event error rate by the cohort (the per-user event tier).
import { sql } from "drizzle-orm";
import { openRootCauseProject, rootCauseWindows } from "./project";
import { timeOnce } from "../timing";
import { rowsOf } from "@/db/client";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import { anomalyAnalysis } from "@/lib/insights/root-cause/anomaly-windows";
import { buildDayRollups } from "@/lib/insights/store/day-rollups";
import { refreshSegmentRollups, rolledKeys, scanSegmentsFast } from "@/lib/insights/store/segment-rollups";
import { scanSegments } from "@/lib/insights/store/segments";
import { createCohort } from "@/lib/cohorts/store/cohorts";
import { refreshCohort } from "@/lib/cohorts/store/refresh";
import { type Dimension, TRACE_DIMENSIONS } from "@/lib/insights/root-cause/dimensions";

const N = Number(process.env.BENCH_RC_TRACES ?? 200_000);
const EVENTS = Number(process.env.BENCH_RC_EVENTS ?? N);
const DAY = 86_400_000;

export default async function rootCauseScaleBench() {
  const { h, db, p } = await openRootCauseProject("rcscale");
  const currentFrom = new Date("2026-11-20T00:00:00Z");
  const start = new Date(currentFrom.getTime() - 8 * DAY);
  const seconds = 9 * 86_400;
  // Spread over 9 days; traces of prompt version v3 in the last day fail 25% of the time, others 3%.
  await db.execute(sql`insert into traces (project_id, id, name, user_id, environment, release, timestamp, has_root, metadata, total_tokens, total_cost, latency_ms, level)
    select ${p}::uuid, 't' || g, (array['support-chat','sql-agent','summarize'])[1 + g % 3], 'u' || (g::bigint * 7919 % 5000),
      case when g % 4 = 0 then 'staging' else 'production' end, (array['r1','r2'])[1 + (g / 7) % 2],
      ${start.toISOString()}::timestamptz + ((g::bigint * 104729) % ${seconds}) * interval '1 second', true,
      jsonb_build_object('prompt_version', (array['v1','v2','v3'])[1 + (g / 3) % 3], 'tier', (array['gold','silver','bronze','trial'])[1 + (g / 5) % 4]), 1000, 0.002 + (g % 5) * 0.001,
      -- v3 in the last day is also 3× slower
      (500 + (g * 37) % 3000) * case when (g / 3) % 3 = 2 and ((g::bigint * 104729) % ${seconds}) >= ${seconds - 86_400} then 3 else 1 end,
      case when ((g * 2654435761::bigint) % 1000) < case when (g / 3) % 3 = 2 and ((g::bigint * 104729) % ${seconds}) >= ${seconds - 86_400} then 250 else 30 end then 'ERROR' else 'DEFAULT' end
    from generate_series(0, ${N - 1}) g`);
  await db.execute(sql`insert into observations (project_id, trace_id, id, type, name, start_time, model, level)
    select project_id, id, id || '-g', 'generation', 'answer', timestamp, (array['gpt-4o','gpt-4o-mini','claude-haiku','llama-3'])[1 + (substr(id, 2)::int / 11) % 4], level from traces where project_id = ${p}`);
  // Thumbs on half the traces: 15% down, 60% on v3 in the last day.
  await db.execute(sql`insert into scores (project_id, id, trace_id, name, value, string_value, data_type, source, timestamp)
    select ${p}::uuid, 's' || g, 't' || g, 'thumbs', v, case when v = 1 then 'true' else 'false' end, 'boolean', 'api', ${start.toISOString()}::timestamptz + ((g::bigint * 104729) % ${seconds}) * interval '1 second'
    from (select g, case when ((g * 2654435761::bigint) % 100) < case when (g / 3) % 3 = 2 and ((g::bigint * 104729) % ${seconds}) >= ${seconds - 86_400} then 60 else 15 end then 0 else 1 end as v
      from generate_series(0, ${N - 1}, 2) g) x`);
  // Product events: messages and errors; users on plan 'team' fail 20% of the time in the last day, others 3%.
  await db.execute(sql`insert into events (project_id, id, user_id, name, timestamp, properties)
    select ${p}::uuid, 'e' || g, 'u' || (g % 5000), case when ((g * 2654435761::bigint) % 1000) < case when g % 5000 % 3 = 2 and ((g::bigint * 104729) % ${seconds}) >= ${seconds - 86_400} then 200 else 30 end then 'error' else 'message_sent' end,
      ${start.toISOString()}::timestamptz + ((g::bigint * 104729) % ${seconds}) * interval '1 second', jsonb_build_object('tier', (array['gold','silver','bronze','trial'])[1 + g % 4])
    from generate_series(0, ${EVENTS - 1}) g`);
  const { current, baseline } = await rootCauseWindows(db, p, start, currentFrom);
  const time = timeOnce;
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
  const others: Record<string, { ms: number; top: string[] }> = {};
  for (const [name, metric, dimensions] of [
    ["latency_p95", "latency_p95", undefined],
    ["thumbs_down_rate", "thumbs_down_rate", undefined],
    ["event_error_rate", "event_error_rate", undefined],
    ["error_rate by meta:tier", "error_rate", ["meta:tier", "prompt_version"]],
  ] as const) {
    let t: string[] = [];
    const ms = await best(3, async () => (t = top3(await analyzeRootCause(db, { projectId: p, metric, current, baseline, ...(dimensions ? { dimensions: [...dimensions] } : {}) }))));
    others[name] = { ms: Math.round(ms), top: t };
  }
  // A saved cohort (half the users, unrelated to the incident) beside the 8 built-in dimensions: its sets come from the
  // per-user daily tier, the pairs with a trace dimension from the traces. Its single-dimension scan also the way it
  // was read before the tier (the traces joined with the membership), in the same run.
  const saved = await createCohort(db, p, { name: "Even users", definition: { static: Array.from({ length: 2500 }, (_, i) => `u${i * 2}`) } });
  await refreshCohort(db, p, saved.id, now);
  const cohort = `cohort:${saved.id}` as Dimension;
  const cohortScan = { projectId: p, metric: "error_rate" as const, baseline, current };
  const cohortSetMs = Math.round(await best(3, () => scanSegmentsFast(db, cohortScan, [[cohort]])));
  const cohortSetFromTracesMs = Math.round(await time(() => scanSegments(db, cohortScan, [[cohort]])));
  // The cohort paired with a trace dimension (the two-dimension pass's read), from the tier's rows per user and value
  // (migration 0077) and from the traces, restricted to the values the pass would keep.
  const pairSets = [[cohort, "prompt_version"]] as Dimension[][];
  const pairOnly = new Map<Dimension, string[]>([["prompt_version", ["v3", "v1", "v2"]]]);
  const pairP95Scan = { ...cohortScan, metric: "latency_p95" as const };
  const cohortPairMs = Math.round(await best(3, () => scanSegmentsFast(db, cohortScan, pairSets, pairOnly)));
  const cohortPairP95Ms = Math.round(await best(3, () => scanSegmentsFast(db, pairP95Scan, pairSets, pairOnly)));
  const cohortPairFromTracesMs = Math.round(await time(() => scanSegments(db, cohortScan, pairSets, pairOnly)));
  // Event metrics by the cohort (the per-user event tier, migration 0077) against the events, and a whole analysis.
  const eventCohortScan = { ...cohortScan, metric: "event_error_rate" as const };
  const eventCohortSetMs = Math.round(await best(3, () => scanSegmentsFast(db, eventCohortScan, [[cohort], [cohort, "meta:tier"]])));
  const eventCohortSetFromEventsMs = Math.round(await time(() => scanSegments(db, eventCohortScan, [[cohort], [cohort, "meta:tier"]])));
  let eventCohortTop: string[] = [];
  const eventCohortAnalysisMs = Math.round(await best(3, async () => (eventCohortTop = top3(await analyzeRootCause(db, { projectId: p, metric: "event_error_rate", current, baseline, dimensions: ["plan", "country", "meta:tier", cohort] })))));
  const withCohort: Record<string, { ms: number; top: string[] }> = {};
  for (const metric of ["error_rate", "latency_p95"] as const) {
    let t: string[] = [];
    const ms = await best(3, async () => (t = top3(await analyzeRootCause(db, { projectId: p, metric, current, baseline, dimensions: [...TRACE_DIMENSIONS, cohort] }))));
    withCohort[metric] = { ms: Math.round(ms), top: t };
  }
  const userEventDayRows = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from root_cause_user_event_day_rollups where project_id = ${p}`))[0]?.n ?? 0);
  const [userDay] = rowsOf<{ users: number; values: number }>(
    await db.execute(sql`select count(*) filter (where dim = '')::int as users, count(*) filter (where dim <> '')::int as values from root_cause_user_day_rollups where project_id = ${p}`),
  );
  // The daily tier's share: p95 again with hourly rows only (days dropped), then the days rebuilt alone (the job's
  // extra cost for them), in the same run.
  await db.execute(sql`delete from root_cause_rollup_days where project_id = ${p}`);
  const hourlyOnlyP95Ms = Math.round(await best(3, () => analyzeRootCause(db, { projectId: p, metric: "latency_p95", current, baseline })));
  const dayTierMs = await time(() => buildDayRollups(db, p, new Date(now.getTime() - 30 * DAY), now, rolledKeys(["tier"]), now));
  const days = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from root_cause_rollup_days where project_id = ${p}`))[0]?.n ?? 0);
  const dayRows = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from root_cause_day_rollups where project_id = ${p}`))[0]?.n ?? 0);
  let exactP95: { ms: number; top: string[]; sameTop3: boolean } | null = null;
  if (process.env.BENCH_RC_RAW !== "0") {
    let t: string[] = [];
    const ms = await time(async () => (t = top3(await analyzeRootCause(db, { projectId: p, metric: "latency_p95", current, baseline, exact: true }))));
    exactP95 = { ms: Math.round(ms), top: t, sameTop3: t.join() === others.latency_p95.top.join() };
  }
  const rollupRows = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from root_cause_rollups where project_id = ${p}`))[0]?.n ?? 0);
  await h.close();
  return {
    driver: h.driver,
    traces: N,
    plainGroupByMs: Math.round(groupByMs),
    fromTraces: fromTraces && { ...fromTraces, ratio: +(fromTraces.ms / groupByMs).toFixed(2) },
    withRollups: { analysisMs: Math.round(analysisMs), ratio: +(analysisMs / groupByMs).toFixed(2), top, hourlyAnomalyMs, dailyAnomalyMs, dailySeriesAnomalyMs },
    otherMetricsWithRollups: Object.fromEntries(Object.entries(others).map(([k, v]) => [k, { ...v, ratio: +(v.ms / groupByMs).toFixed(2) }])),
    cohortDimension: {
      singleSetMs: cohortSetMs,
      singleSetFromTracesMs: cohortSetFromTracesMs,
      pairWithPromptVersion: { errorRateMs: cohortPairMs, latencyP95Ms: cohortPairP95Ms, errorRateFromTracesMs: cohortPairFromTracesMs },
      analyses: Object.fromEntries(Object.entries(withCohort).map(([k, v]) => [k, { ...v, ratio: +(v.ms / groupByMs).toFixed(2) }])),
      eventErrorRate: { cohortAndPairWithTierMs: eventCohortSetMs, fromEventsMs: eventCohortSetFromEventsMs, analysisMs: eventCohortAnalysisMs, ratio: +(eventCohortAnalysisMs / groupByMs).toFixed(2), top: eventCohortTop },
      userDayRows: Number(userDay?.users ?? 0),
      userDimensionValueRows: Number(userDay?.values ?? 0),
      userEventDayRows,
    },
    latencyP95HourlyOnly: { ms: hourlyOnlyP95Ms, ratio: +(hourlyOnlyP95Ms / groupByMs).toFixed(2) },
    exactP95FromTraces: exactP95,
    rollups: { backfillMs: Math.round(rollupMs), hourlyRefreshMs: Math.round(refreshMs), rows: rollupRows, dayTier: { buildMs: Math.round(dayTierMs), days, rows: dayRows } },
  };
}
