// Issue 13's funnel speed: a 4-step funnel over 12 weeks of generated events (BENCH_USERS end users, default 100,000,
// with BENCH_EVENTS_PER_USER events each, default 20, or BENCH_EVENTS in total), against one SQL GROUP BY over the same
// events measured in the same run (medians of BENCH_REPEATS runs each, default 3). Times: the funnel counted inside
// PostgreSQL from the rollup's sorted times (the API's path), and the same funnel counted in Node from the users'
// timelines (the path of funnels that repeat an event); both must give the same counts. Run on PostgreSQL with
// DATABASE_URL set (PGlite works for small sizes). Loading writes the events and the rollup rows the ingest trigger would
// write straight into the tables (bench/users/generate.ts loadBenchEventsFast, checked against the trigger by
// tests/bench-loader.test.ts); BENCH_LOADER=trigger sends them through the trigger instead (20M events: 445 s at load 3,
// over 30 min at load 20).
import os from "node:os";
import { median } from "simple-statistics";
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { funnel } from "@/lib/user-insights/insights";
import { funnelTimelines } from "@/lib/user-insights/store/funnel-times";
import { funnelStepCounts } from "@/lib/user-insights/funnel-timeline";
import { groupByBaseline, insertBenchUsers, loadBenchEvents, loadBenchEventsFast, NOW, START } from "./generate";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const PER_USER = process.env.BENCH_EVENTS ? Math.max(1, Math.round(Number(process.env.BENCH_EVENTS) / USERS)) : Number(process.env.BENCH_EVENTS_PER_USER ?? 20);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
// BENCH_NODE=0 skips the Node count (it holds every user's timeline in memory: minutes and gigabytes at 20M events).
const NODE = process.env.BENCH_NODE !== "0";
const LOADER = process.env.BENCH_LOADER === "trigger" ? loadBenchEvents : loadBenchEventsFast;

async function timed<T>(label: string, fn: () => Promise<T>) {
  const t0 = performance.now();
  const value = await fn();
  const ms = Math.round(performance.now() - t0);
  process.stderr.write(`[users/funnel] ${label}: ${ms} ms (load ${os.loadavg()[0].toFixed(1)})\n`);
  return { ms, value };
}

async function medianOf<T>(label: string, fn: () => Promise<T>) {
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await timed(label, fn));
  return { ms: median(runs.map((r) => r.ms)), runs: runs.map((r) => r.ms), value: runs[0].value };
}

export default async function funnelBench() {
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(1)));
  const handle = await openScratchDb("users_funnel");
  const db = handle.db;
  const org = await ensureOrganization(db, "bench");
  const p = (await ensureProject(db, org.id, "bench")).id;

  await insertBenchUsers(db, p, USERS);
  const load = await timed("events with their rollups", () => LOADER(db, p, USERS, PER_USER));

  const input = {
    steps: [{ event: "session_started" }, { event: "message_sent" }, { event: "feedback" }, { event: "plan_upgraded" }],
    windowSeconds: 28 * 86_400,
    from: START,
    to: NOW,
  };
  const names = input.steps.map((s) => s.event);
  const range = { fromUs: START.getTime() * 1000, toUs: NOW.getTime() * 1000, windowUs: input.windowSeconds * 1e6 };
  // Interleaved, so the baseline and the funnel see the same load.
  const groupBy = await medianOf("GROUP BY", () => groupByBaseline(db, p));
  const inSql = await medianOf("funnel in SQL", () => funnel(db, p, input));
  const groupByAfter = await medianOf("GROUP BY", () => groupByBaseline(db, p));
  const inNode = NODE ? await timed("funnel in Node", async () => funnelStepCounts(names, (await funnelTimelines(db, p, names, input)).values(), range)) : null;
  await handle.close();

  const baseline = median([...groupBy.runs, ...groupByAfter.runs]);
  const ratio = (ms: number) => Number((ms / Math.max(1, baseline)).toFixed(2));
  const sqlCounts = inSql.value.steps.map((s) => s.count);
  const nodeCounts = inNode && names.map((_, j) => inNode.value.find((r) => r.step === j + 1)?.users ?? 0);
  if (nodeCounts && sqlCounts.join() !== nodeCounts.join()) throw new Error(`funnel counts differ: SQL ${sqlCounts} vs Node ${nodeCounts}`);
  return {
    driver: process.env.DATABASE_URL ? "postgres" : "pglite",
    users: USERS,
    events: USERS * PER_USER,
    eventsLoadWithRollupMs: load.ms,
    loader: LOADER === loadBenchEvents ? "trigger" : "fast",
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((l) => Number(l.toFixed(1))) },
    baselineGroupByMs: baseline,
    groupByRuns: [...groupBy.runs, ...groupByAfter.runs],
    funnel4StepsInSql: { ms: inSql.ms, ratio: ratio(inSql.ms), runs: inSql.runs, source: inSql.value.source, counts: sqlCounts },
    ...(inNode ? { funnel4StepsInNode: { ms: inNode.ms, ratio: ratio(inNode.ms) } } : {}),
  };
}
