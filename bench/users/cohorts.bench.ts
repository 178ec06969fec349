// Cohort membership, retention, a funnel, lifecycle, stickiness and the cohort-filtered Overview on generated events: BENCH_USERS end users (default 100,000) with
// BENCH_EVENTS_PER_USER events each (default 20) over 12 weeks, generated inside the database. Each query is reported
// against one SQL GROUP BY over the same events (events per user of one name in the last 7 days), measured in the
// same run. Run on PostgreSQL with DATABASE_URL set (PGlite works for small sizes). Loading writes the events and the
// rollup rows the ingest trigger would write straight into the tables (loadBenchEventsFast, checked against the trigger
// by tests/bench-loader.test.ts); BENCH_LOADER=trigger sends them through the trigger. With BENCH_KEEP_DB=<name> the
// database is kept, and a rerun on it skips the load (its project already has the events).
import os from "node:os";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { createCohort } from "@/lib/cohorts/store/cohorts";
import { refreshCohort } from "@/lib/cohorts/store/refresh";
import { compileCohort } from "@/lib/cohorts/store/compile-definition";
import { median } from "simple-statistics";
import type { CohortDefinition } from "@/lib/cohorts/definition";
import { funnel, lifecycle, retention, stickiness } from "@/lib/user-insights/insights";
import { retentionCounts } from "@/lib/user-insights/store/retention";
import { funnelCounts } from "@/lib/user-insights/store/funnel";
import { overview } from "@/lib/overview/summary";
import { groupByBaseline, insertBenchUsers, loadBenchEvents, loadBenchEventsFast, NOW, START } from "./generate";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
// BENCH_EVENTS (total) wins over BENCH_EVENTS_PER_USER: `BENCH_USERS=1000000 BENCH_EVENTS=20000000` is the size.
const PER_USER = process.env.BENCH_EVENTS ? Math.max(1, Math.round(Number(process.env.BENCH_EVENTS) / USERS)) : Number(process.env.BENCH_EVENTS_PER_USER ?? 20);
// BENCH_RAW=1 also times the raw-event SQL paths of retention and the funnel (minutes at millions of events).
const RAW = process.env.BENCH_RAW === "1";
const LOADER = process.env.BENCH_LOADER === "trigger" ? loadBenchEvents : loadBenchEventsFast;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
// BENCH_EXTRAS=0 stops after the two targets here (cohort membership, retention): the funnel has its own bench,
// and lifecycle and stickiness take minutes at 1M users.
const EXTRAS = process.env.BENCH_EXTRAS !== "0";

async function timed<T>(fn: () => Promise<T>, label = fn.toString().slice(0, 60)) {
  const t0 = performance.now();
  const value = await fn();
  const ms = Math.round(performance.now() - t0);
  // Progress on stderr: at 20M events a run takes long enough that a partial result is worth having.
  process.stderr.write(`[users/cohorts] ${label.replace(/\s+/g, " ")}: ${ms} ms (load ${os.loadavg()[0].toFixed(1)})\n`);
  return { ms, value };
}

export default async function cohortsBench() {
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(1)));
  const handle = await openScratchDb("users_cohorts");
  const db = handle.db;
  const org = await ensureOrganization(db, "bench");
  const project = await ensureProject(db, org.id, "bench");
  const p = project.id;

  const [loaded] = rowsOf<{ users: number; events: number }>(
    await db.execute(sql`select (select count(*) from end_users where project_id = ${p})::int as users, (select count(*) from events where project_id = ${p})::int as events`),
  );
  const reused = Number(loaded.events) > 0;
  if (reused && Number(loaded.users) !== USERS) throw new Error(`BENCH_KEEP_DB holds ${loaded.users} users, not BENCH_USERS=${USERS}`);
  const usersLoad = reused ? null : await timed(() => insertBenchUsers(db, p, USERS), "users");
  const load = reused ? null : await timed(() => LOADER(db, p, USERS, PER_USER), "events with their rollups");

  // Rounds of the baseline, the cohort and retention, interleaved so that all see the same load; medians reported.
  const definition: CohortDefinition = { all: [{ trait: "plan", op: "in", value: ["pro", "team"] }, { event: "message_sent", count: { op: "gte", value: 2 }, withinDays: 14 }] };
  const retentionInput = { startEvent: "session_started", returnEvent: "message_sent", period: "week" as const, periods: 12, from: START, to: NOW };
  // The cohort's member set alone, its event window counted from the raw events (before) and from the rollup (now).
  const members = (rollupMaxDays?: number) => async () => {
    const select = compileCohort(definition, { projectId: p, now: NOW, cohorts: new Map(), rollupMaxDays });
    return Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (${select}) c`))[0].n);
  };
  const round = async (i: number) => {
    const groupBy = await timed(() => groupByBaseline(db, p), "GROUP BY");
    const cohort = await createCohort(db, p, { name: `Engaged paying users ${i + 1}`, definition });
    const firstRefresh = await timed(() => refreshCohort(db, p, cohort.id, NOW), "first refresh");
    const repeatRefresh = await timed(() => refreshCohort(db, p, cohort.id, NOW), "repeat refresh");
    const membersRaw = await timed(members(), "members, window from raw events");
    const membersRollup = await timed(members(90), "members, window from the rollup");
    const retention12 = await timed(() => retention(db, p, retentionInput), "retention 12 weeks");
    if (membersRaw.value !== membersRollup.value || membersRaw.value !== firstRefresh.value?.size) throw new Error("cohort sizes differ");
    return { groupBy, firstRefresh, repeatRefresh, membersRaw, membersRollup, retention12, cohort };
  };
  const rounds: Awaited<ReturnType<typeof round>>[] = [];
  for (let i = 0; i < REPEATS; i++) rounds.push(await round(i));
  const med = (pick: (r: (typeof rounds)[number]) => { ms: number }) => median(rounds.map((r) => pick(r).ms));
  const runs = (pick: (r: (typeof rounds)[number]) => { ms: number }) => rounds.map((r) => pick(r).ms);
  const groupBy = { ms: med((r) => r.groupBy) };
  const [{ firstRefresh, repeatRefresh, retention12, cohort: behaviourAndTrait }] = rounds;
  const ratio = (ms: number) => Number((ms / Math.max(1, groupBy.ms)).toFixed(2));
  const measured = (pick: (r: (typeof rounds)[number]) => { ms: number }) => ({ ms: med(pick), ratio: ratio(med(pick)), runs: runs(pick) });
  const loadAverage = () => ({ atStart: loadAtStart, atEnd: os.loadavg().map((l) => Number(l.toFixed(1))) });
  const cohortsAndRetention = {
    driver: process.env.DATABASE_URL ? "postgres" : "pglite",
    users: USERS,
    events: reused ? Number(loaded.events) : USERS * PER_USER,
    usersLoadMs: usersLoad?.ms ?? null,
    eventsLoadWithRollupMs: load?.ms ?? null,
    loader: reused ? "reused" : LOADER === loadBenchEvents ? "trigger" : "fast",
    baselineGroupByMs: groupBy.ms,
    groupByRuns: runs((r) => r.groupBy),
    cohortFirstRefresh: { ...measured((r) => r.firstRefresh), size: firstRefresh.value?.size },
    cohortRepeatRefresh: { ...measured((r) => r.repeatRefresh), added: repeatRefresh.value?.added, removed: repeatRefresh.value?.removed },
    cohortMembersRawWindow: measured((r) => r.membersRaw),
    cohortMembersRollupWindow: measured((r) => r.membersRollup),
    retention12Weeks: { ...measured((r) => r.retention12), source: retention12.value.source, cohorts: retention12.value.cohorts.length },
  };
  if (!EXTRAS) {
    await handle.close();
    return { ...cohortsAndRetention, loadAverage: loadAverage() };
  }

  const funnelInput = {
    steps: [{ event: "session_started" }, { event: "message_sent" }, { event: "feedback" }, { event: "plan_upgraded" }],
    windowSeconds: 28 * 86_400,
    from: START,
    to: NOW,
  };
  const funnel4 = await timed(() => funnel(db, p, funnelInput));
  const rawRetention = RAW ? await timed(() => retentionCounts(db, p, retentionInput)) : null;
  const rawFunnel = RAW ? await timed(() => funnelCounts(db, p, funnelInput)) : null;
  const [rollupSize] = rowsOf<{ rows: number; time_rows: number; bytes: string }>(
    await db.execute(sql`select (select count(*) from user_event_days)::int as rows, (select count(*) from user_event_times)::int as time_rows,
                            (pg_total_relation_size('user_event_days') + pg_total_relation_size('user_event_times'))::bigint as bytes`),
  );
  const lifecycle12 = await timed(() => lifecycle(db, p, { event: "message_sent", period: "week", from: START, to: NOW }));
  const lifecycleAny = await timed(() => lifecycle(db, p, { period: "week", from: START, to: NOW }));
  const stickiness12 = await timed(() => stickiness(db, p, { period: "week", from: START, to: NOW }));
  const stickinessCohort = await timed(() => stickiness(db, p, { period: "week", from: START, to: NOW, cohort: behaviourAndTrait.id }));
  // The Overview's last 30 days read from raw events for the cohort (the rollups are project-wide).
  const overviewCohort = await timed(() => overview(db, p, { cohort: behaviourAndTrait.id }, 30, NOW));
  await handle.close();

  return {
    ...cohortsAndRetention,
    rollup: { rows: Number(rollupSize.rows), timeRows: Number(rollupSize.time_rows), megabytes: Math.round(Number(rollupSize.bytes) / 1e6) },
    loadAverage: loadAverage(),
    funnel4Steps: { ms: funnel4.ms, ratio: ratio(funnel4.ms), source: funnel4.value.source, counts: funnel4.value.steps.map((s) => s.count) },
    ...(rawRetention && rawFunnel
      ? { rawRetention12Weeks: { ms: rawRetention.ms, ratio: ratio(rawRetention.ms) }, rawFunnel4Steps: { ms: rawFunnel.ms, ratio: ratio(rawFunnel.ms), counts: rawFunnel.value.filter((r) => r.key === null).sort((a, b) => a.step - b.step).map((r) => r.users) } }
      : {}),
    lifecycle12WeeksOneEvent: { ms: lifecycle12.ms, ratio: ratio(lifecycle12.ms), lastWeek: lifecycle12.value.periods.at(-1) },
    lifecycle12WeeksAnyActivity: { ms: lifecycleAny.ms, ratio: ratio(lifecycleAny.ms) },
    stickiness12Weeks: { ms: stickiness12.ms, ratio: ratio(stickiness12.ms), mean: stickiness12.value.overall.mean },
    stickiness12WeeksCohort: { ms: stickinessCohort.ms, ratio: ratio(stickinessCohort.ms), userWeeks: stickinessCohort.value.overall.userPeriods },
    overview30DaysCohort: { ms: overviewCohort.ms, ratio: ratio(overviewCohort.ms), sessions: overviewCohort.value.totals.sessions },
  };
}
