// Weekly Spectrum aggregation for BENCH_USERS (default 100,000) end users × 10 analysed sessions in the target week
// (plus 10 in the week before, so shifts are computed as in production). Session aggregates are generated inside the
// database with generate_series. The weekly job runs through the embedded runner (ledger, steps, bulk writes) and is
// reported against a single SQL GROUP BY (count, mean and sample std of valence per user and week) over the same rows,
// measured in the same run: in total, and per phase (the aggregation steps and the insight steps, summed from the
// durations each step records in the job's result). Then the weekly feed route handler (API key, read cache warm) is called repeatedly and its
// p95 compared with a single indexed SELECT of the user's insights.
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { openScratchDb } from "../scratch-db";
import { rowsOf, setDbHandle } from "@/db/client";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { insertApiKey } from "@/lib/tenancy/api-keys";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { spectrumWeekly } from "@/inngest/functions/spectrum-weekly";
import { SPECTRUM_WEEKLY_REQUESTED } from "@/lib/spectrum/store/period-jobs";
import { generatePeriodInsight } from "@/lib/spectrum/store/insights";
import { GET as feedRoute } from "@/app/api/v1/spectrum/users/[userId]/feed/route";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const FEED_USERS = Number(process.env.BENCH_FEED_USERS ?? 200);
const FEED_CALLS = 10;
const PER_USER_SAMPLE = Number(process.env.BENCH_PER_USER_SAMPLE ?? 300);
const PREVIOUS_WEEK = "2026-11-02T00:00:00Z"; // Monday of 2026-W45
const TARGET_ANCHOR = "2026-11-10T12:00:00Z"; // inside 2026-W46

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const userId = (i: number) => `u${String(i).padStart(6, "0")}`;

// A deterministic value in [0, 1) per user, session and salt (no random(): reruns see the same data).
const unit = (salt: number) => sql.raw(`(((u::bigint * ${7919 + salt} + k * ${104729 + salt} + w * ${31 + salt}) % 1000) / 1000.0)`);

export default async function weeklyAggregationBench() {
  const handle = await openScratchDb("spectrum_weekly");
  const db = handle.db;
  setDbHandle(handle);
  const org = await ensureOrganization(db, "bench");
  const project = await ensureProject(db, org.id, "bench");
  const apiKey = await insertApiKey(db, project.id, "bench");
  const p = project.id;

  const t0 = performance.now();
  await db.execute(sql`
    insert into spectrum_session_aggregates
      (project_id, session_id, user_id, started_at, vector, dominant, dominant_emotions, patterns, user_turn_count, analysis_version)
    select ${p}::uuid, 's' || u || '-' || w || '-' || k, 'u' || lpad(u::text, 6, '0'),
           ${PREVIOUS_WEEK}::timestamptz + w * interval '7 days' + ((u + k * 3) % 7) * interval '1 day' + ((u * 31 + k * 17) % 80000) * interval '1 second',
           jsonb_build_object(
             'valence', round((${unit(1)} * 1.6 - 0.7)::numeric, 4),
             'arousal', round(${unit(2)}::numeric, 4),
             'emotions', jsonb_build_object(
               'joy', round((${unit(3)} * 0.6)::numeric, 4), 'calm', round((${unit(4)} * 0.6)::numeric, 4),
               'gratitude', round((${unit(5)} * 0.4)::numeric, 4), 'sadness', round((${unit(6)} * 0.4)::numeric, 4),
               'anxiety', round((${unit(7)} * 0.5)::numeric, 4), 'anger', round((${unit(8)} * 0.2)::numeric, 4),
               'frustration', round((${unit(9)} * 0.4)::numeric, 4), 'confusion', round((${unit(10)} * 0.3)::numeric, 4))),
           'calm', '["calm"]'::jsonb,
           case (u + k) % 4 when 0 then '["steady-calm"]'::jsonb when 1 then '["anxious-to-calm","improving-mood"]'::jsonb
                            when 2 then '["rising-frustration"]'::jsonb else '["steady-neutral"]'::jsonb end,
           3, 'lexicon-v1+session-v1'
    from generate_series(1, ${USERS}) u, generate_series(0, 1) w, generate_series(1, 10) k`);
  await db.execute(sql`analyze spectrum_session_aggregates`);
  const dataLoadMs = performance.now() - t0;

  const b0 = performance.now();
  const baseline = await db.execute(sql`
    select user_id, date_trunc('week', started_at) as week, count(*) as n,
           avg((vector->>'valence')::float8) as valence_mean, stddev_samp((vector->>'valence')::float8) as valence_std
    from spectrum_session_aggregates
    where project_id = ${p} and started_at >= ${PREVIOUS_WEEK}::timestamptz and started_at < ${PREVIOUS_WEEK}::timestamptz + interval '14 days'
    group by 1, 2`);
  const baselineMs = performance.now() - b0;
  const baselineRows = rowsOf(baseline).length;

  const runner = new EmbeddedRunner(db, [spectrumWeekly], { log: () => {} });
  const j0 = performance.now();
  const [run] = await runner.send({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: p, periodAnchor: TARGET_ANCHOR } });
  await runner.drain(30 * 60_000);
  const jobMs = performance.now() - j0;
  const [ledger] = rowsOf<{ status: string; attempts: number; last_error: string | null; result: { aggregateMs?: number; insightMs?: number } | null }>(await db.execute(sql`select status, attempts, last_error, result from job_runs where id = ${run.runId}`));
  const counts = rowsOf<{ aggregates: number; insights: number }>(await db.execute(sql`
    select (select count(*) from spectrum_period_aggregates where project_id = ${p} and period_key = '2026-W46')::int as aggregates,
           (select count(*) from spectrum_insights where project_id = ${p} and period_key = '2026-W46')::int as insights`));

  // The single-user path (what the job did before batching), on a sample, for the speed-up figure.
  const s0 = performance.now();
  const sample = Math.min(PER_USER_SAMPLE, USERS);
  for (let i = 1; i <= sample; i++) await generatePeriodInsight(db, p, userId(i), "week", new Date(TARGET_ANCHOR));
  const perUserMs = performance.now() - s0;

  // Feed: the real route handler, API key auth, cache warmed by one call per user first.
  const feedUsers = Array.from({ length: Math.min(FEED_USERS, USERS) }, (_, i) => userId(1 + Math.floor((i * USERS) / FEED_USERS)));
  const callFeed = async (u: string) => {
    const req = new NextRequest(new URL(`/api/v1/spectrum/users/${u}/feed`, "http://localhost:3000"), { headers: { authorization: `Bearer ${apiKey.secretKey}` } });
    const res = await feedRoute(req, { params: Promise.resolve({ userId: u }) });
    if (res.status !== 200) throw new Error(`feed returned ${res.status}: ${await res.text()}`);
    return (await res.json()) as { insights: unknown[] };
  };
  let emptyFeeds = 0;
  for (const u of feedUsers) if ((await callFeed(u)).insights.length === 0) emptyFeeds++;
  const feedTimes: number[] = [];
  for (let c = 0; c < FEED_CALLS; c++) {
    for (const u of feedUsers) {
      const f0 = performance.now();
      await callFeed(u);
      feedTimes.push(performance.now() - f0);
    }
  }
  const selectTimes: number[] = [];
  for (let c = 0; c < FEED_CALLS; c++) {
    for (const u of feedUsers) {
      const f0 = performance.now();
      await db.execute(sql`select id, kind, period_key, period_start, text from spectrum_insights where project_id = ${p} and user_id = ${u} order by period_start desc`);
      selectTimes.push(performance.now() - f0);
    }
  }
  setDbHandle(undefined);
  await handle.close();

  const feedP95 = p95(feedTimes);
  const selectP95 = p95(selectTimes);
  return {
    driver: handle.driver,
    users: USERS,
    sessionsPerUserPerWeek: 10,
    sessionRows: USERS * 20,
    dataLoadMs: Math.round(dataLoadMs),
    baselineGroupByMs: Math.round(baselineMs),
    baselineGroups: baselineRows,
    weeklyJobMs: Math.round(jobMs),
    ratioToBaseline: +(jobMs / baselineMs).toFixed(2),
    aggregationMs: ledger?.result?.aggregateMs ?? null,
    aggregationRatioToBaseline: ledger?.result?.aggregateMs ? +(ledger.result.aggregateMs / baselineMs).toFixed(2) : null,
    insightMs: ledger?.result?.insightMs ?? null,
    insightRatioToBaseline: ledger?.result?.insightMs ? +(ledger.result.insightMs / baselineMs).toFixed(2) : null,
    targetMs: 60_000,
    withinTarget: jobMs <= 60_000,
    ledger: { status: ledger?.status, attempts: ledger?.attempts, error: ledger?.last_error, result: ledger?.result },
    written: counts[0],
    perUserPath: { users: sample, ms: Math.round(perUserMs), extrapolatedMs: Math.round((perUserMs / sample) * USERS) },
    feed: {
      users: feedUsers.length,
      warmCalls: feedTimes.length,
      emptyFeeds,
      routeP50Ms: +[...feedTimes].sort((a, b) => a - b)[Math.floor(feedTimes.length / 2)].toFixed(2),
      routeP95Ms: +feedP95.toFixed(2),
      baselineSelectP95Ms: +selectP95.toFixed(2),
      ratioToBaseline: +(feedP95 / selectP95).toFixed(2),
      targetP95Ms: 50,
    },
    peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}
