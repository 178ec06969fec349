// Root cause analysis of event metrics over a long window: BENCH_RCE_EVENTS product events (default 1,000,000) over
// 29 days (a 28-day baseline, a 1-day current window), users on plan 'team' failing 20% of their messages in the last
// day (others 3%) and rating down 50% of their feedback (others 15%); metadata key `tier` marked. Baseline: a plain
// GROUP BY over the same events, timed the same way just before each block. DATABASE_URL for PostgreSQL. Measured
// after the job's backfill (30 days of hours, and the daily tier of the whole days): p50/p95 of BENCH_RCE_RUNS
// (default 20) analyses per event metric with the daily tier (whole days from root_cause_event_day_rollups), then with
// the hourly rows only (the days dropped from the ledger: what the event grain read before it had a daily tier), the
// daily tier's rebuild alone, and (BENCH_RCE_RAW unset) one analysis from the raw events. Top 3 of each, which must
// agree.
import { sql } from "drizzle-orm";
import { openRootCauseProject, rootCauseWindows } from "./project";
import { rowsOf } from "@/db/client";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import type { RootCauseMetricName } from "@/lib/insights/root-cause/metrics";
import { buildDayRollups } from "@/lib/insights/store/day-rollups";
import { refreshSegmentRollups, rolledKeys } from "@/lib/insights/store/segment-rollups";
import { timeOnce, timeRuns } from "../timing";

const N = Number(process.env.BENCH_RCE_EVENTS ?? 1_000_000);
const DAY = 86_400_000;
const RUNS = Number(process.env.BENCH_RCE_RUNS ?? 20);
const METRICS: RootCauseMetricName[] = ["event_error_rate", "feedback_down_rate", "messages"];

export default async function rootCauseEventsBench() {
  const { h, db, p } = await openRootCauseProject("rcevents");
  const currentFrom = new Date("2026-11-20T00:00:00Z");
  const start = new Date(currentFrom.getTime() - 28 * DAY);
  const seconds = 29 * 86_400;
  // Per event: its second in the 29 days, its user; names message_sent (75%), feedback (15%) or error; team users fail
  // and rate down more in the last day.
  await db.execute(sql`insert into events (project_id, id, user_id, name, timestamp, properties)
    select ${p}::uuid, 'e' || g, 'u' || u, case when r < 150 then 'feedback' when r < 150 + case when team and late then 170 else 26 end then 'error' else 'message_sent' end,
      ${start.toISOString()}::timestamptz + s * interval '1 second',
      jsonb_build_object('tier', (array['gold','silver','bronze','trial'])[1 + g % 4])
        || case when r < 150 then jsonb_build_object('thumbs', case when (g * 40503::bigint) % 100 < case when team and late then 50 else 15 end then 'down' else 'up' end) else '{}'::jsonb end
    from (select g, g % 5000 as u, g % 5000 % 3 = 2 as team, (g::bigint * 104729) % ${seconds} as s, ((g::bigint * 104729) % ${seconds}) >= ${seconds - 86_400} as late,
      (g * 2654435761::bigint) % 1000 as r from generate_series(0, ${N - 1}) g) x`);
  const { current, baseline } = await rootCauseWindows(db, p, start, currentFrom);
  const time = timeOnce;
  const top3 = (r: Awaited<ReturnType<typeof analyzeRootCause>>) => r.candidates.slice(0, 3).map((c) => `${c.dimension}=${c.value}`);
  const now = new Date(current.to.getTime() + 30 * 60_000);
  const backfillMs = await time(() => refreshSegmentRollups(db, p, now));
  await db.execute(sql`analyze root_cause_event_rollups`);
  await db.execute(sql`analyze root_cause_event_day_rollups`);
  const groupBy = () =>
    timeRuns(RUNS, () =>
      db.execute(sql`select name, properties->>'tier', count(*) from events where project_id = ${p} and timestamp >= ${baseline.from.toISOString()}::timestamptz and timestamp < ${current.to.toISOString()}::timestamptz group by 1, 2`),
    );
  const analyze = async (metric: RootCauseMetricName, opts: { exact?: boolean } = {}) => top3(await analyzeRootCause(db, { projectId: p, metric, current, baseline, ...opts }));
  /** Each metric's analysis time (p50/p95 over RUNS) and its p95 as a ratio to the GROUP BY's p95 timed just before. */
  const analyses = async () => {
    const plain = await groupBy();
    const out: Record<string, { p50Ms: number; p95Ms: number; ratioP95: number; top: string[] }> = {};
    for (const metric of METRICS) {
      const { p50Ms, p95Ms } = await timeRuns(RUNS, () => analyze(metric));
      out[metric] = { p50Ms, p95Ms, ratioP95: +(p95Ms / plain.p95Ms).toFixed(2), top: await analyze(metric) };
    }
    return { plainGroupBy: plain, metrics: out };
  };
  const count = async (table: string) => Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where project_id = ${p}`))[0]?.n ?? 0);
  const days = await count("root_cause_rollup_days");
  const withDailyTier = await analyses();
  const dayRows = await count("root_cause_event_day_rollups");
  const hourRows = await count("root_cause_event_rollups");
  await db.execute(sql`delete from root_cause_rollup_days where project_id = ${p}`);
  const hourlyOnly = await analyses();
  const dayTierBuildMs = await time(() => buildDayRollups(db, p, new Date(now.getTime() - 30 * DAY), now, rolledKeys(["tier"]), now));
  // One analysis each from the raw events (the exact reference), in turn.
  let fromEvents: Record<string, { ms: number; top: string[] }> | null = null;
  if (process.env.BENCH_RCE_RAW !== "0") {
    fromEvents = {};
    for (const m of METRICS) {
      let top: string[] = [];
      const ms = await time(async () => (top = await analyze(m, { exact: true })));
      fromEvents[m] = { ms: Math.round(ms), top };
    }
  }
  await h.close();
  return {
    driver: h.driver,
    events: N,
    windowDays: 29,
    withDailyTier,
    hourlyOnly,
    fromEvents,
    sameTop3: METRICS.every((m) => withDailyTier.metrics[m].top.join() === hourlyOnly.metrics[m].top.join() && (!fromEvents || fromEvents[m].top.join() === withDailyTier.metrics[m].top.join())),
    rollups: { backfillMs: Math.round(backfillMs), days, eventHourRows: hourRows, eventDayRows: dayRows, dayTierBuildMs: Math.round(dayTierBuildMs) },
  };
}
