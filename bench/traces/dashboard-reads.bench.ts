// Dashboard reads over a large project, generated inside the database: BENCH_DASHBOARD_TRACES (default 200,000)
// traces in sessions of 10 over 90 days, 5 observations each (2 of them model calls): 1M observations. Measured: the
// LLM cost board per time range (baseline: counting the range's observations, the floor of any read that scans
// them), the sessions list and the trace list sorted by latency and cost, 10 consecutive cursor pages each after 3
// warm-up pages (baseline: a primary-key lookup).
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { timeRuns } from "../timing";
import { costBoard, costByProject, costRangeBounds, COST_RANGES, type CostRange } from "@/lib/traces/store/costs";
import { listSessions } from "@/lib/traces/store/list-sessions";
import { listTraces, traceListQuerySchema } from "@/lib/traces/store/list-traces";

const TRACES = Number(process.env.BENCH_DASHBOARD_TRACES ?? 200_000);
const RUNS = 5;
const PAGES = 10;

export default async function dashboardReadsBench() {
  const handle = await openScratchDb("dashboard");
  try {
    const db = handle.db;
    const { project, org } = await benchProject(db);
    const p = project.id;
    const now = new Date("2026-12-01T00:00:00Z");
    const minutes = 90 * 24 * 60;
    const t0 = performance.now();
    await db.execute(sql`
      insert into traces (project_id, id, name, user_id, session_id, timestamp, total_cost, total_tokens, latency_ms, observation_count)
      select ${p}::uuid, 't' || g, 'chat', 'u' || (g % 20000), 's' || (g / 10), ${now.toISOString()}::timestamptz - (g % ${minutes}) * interval '1 minute',
        (g::bigint * 7919 % 1000) / 1e4, g::bigint * 31 % 5000, (g::bigint * 104729 % 30000), 5
      from generate_series(1, ${TRACES}) g`);
    await db.execute(sql`
      insert into observations (project_id, trace_id, id, type, name, start_time, end_time, model, usage_input, usage_output, cost_total, level)
      select ${p}::uuid, 't' || g, 'o' || k, case when k <= 2 then 'generation' else 'span' end, 'x',
        ${now.toISOString()}::timestamptz - (g % ${minutes}) * interval '1 minute',
        ${now.toISOString()}::timestamptz - (g % ${minutes}) * interval '1 minute' + ((g * 7 + k) % 3000) * interval '1 millisecond',
        case when k <= 2 then (array['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'claude-3-5-haiku'])[1 + (g + k) % 4] end,
        case when k <= 2 then 500 + g % 1000 end, case when k <= 2 then 100 + g % 300 end, case when k <= 2 then 0.001 * (1 + g % 10) end,
        case when g % 97 = 0 then 'ERROR' else 'DEFAULT' end
      from generate_series(1, ${TRACES}) g, generate_series(1, 5) k`);
    await db.execute(sql`vacuum analyze`);
    const loadMs = Math.round(performance.now() - t0);

    const costs: Record<string, unknown> = {};
    for (const range of Object.keys(COST_RANGES) as CostRange[]) {
      const bounds = costRangeBounds(range, now);
      const baseline = await timeRuns(RUNS, () =>
        db.execute(sql`select count(*) from observations where project_id = ${p} and start_time >= ${bounds.from.toISOString()}::timestamptz and start_time < ${bounds.to.toISOString()}::timestamptz`),
      );
      const board = await timeRuns(RUNS, () => Promise.all([costBoard(db, p, bounds), costByProject(db, org.id, bounds)]));
      costs[range] = { board, baselineCountObservations: baseline, ratio: +(board.p50Ms / baseline.p50Ms).toFixed(1) };
    }

    /** Consecutive cursor pages: each timed call fetches the page after the previous one. */
    const pages = (next: (cursor?: string) => Promise<string | null>) => {
      let cursor: string | undefined;
      return timeRuns(PAGES, async () => {
        cursor = (await next(cursor)) ?? undefined;
      });
    };
    const pkLookup = await timeRuns(PAGES, () => db.execute(sql`select * from traces where project_id = ${p} and id = 't12345'`));
    const sessions = await pages(async (cursor) => (await listSessions(db, p, { limit: 50, cursor })).nextCursor);
    const sorted = async (sort: string) =>
      pages(async (cursor) => (await listTraces(db, p, traceListQuerySchema.parse({ sort, order: "desc", limit: "50", ...(cursor ? { cursor } : {}) }))).nextCursor);

    return {
      driver: handle.driver,
      traces: TRACES,
      observations: TRACES * 5,
      dataLoadMs: loadMs,
      costBoard: costs,
      lists: {
        baselinePrimaryKeyLookup: pkLookup,
        sessionsPages: sessions,
        tracesByLatencyPages: await sorted("latency"),
        tracesByCostPages: await sorted("cost"),
      },
    };
  } finally {
    await handle.close();
  }
}
