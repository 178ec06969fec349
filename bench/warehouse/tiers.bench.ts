// The tiers beyond events: BENCH_TRACES traces (default 50,000; two observations each, a model call with its prompt and
// answer, and a score on every other trace) over 180 days, generated inside the database. Reports the nightly export
// of every warm dataset and the cold archive (time, bytes vs the hot tables' bytes), the 180-day Costs board read from
// the warm tier against the same read from the hot tables (baseline, same run), the same read again after monthly
// compaction of the warm files, and a 7-day cold restore.
import { eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { projects } from "@/db/schema";
import { withScratchWarehouse } from "./scratch-warehouse";
import { timeRuns } from "../timing";
import { costReport } from "@/lib/traces/cost-report";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { restoreCold } from "@/lib/warehouse/cold";
import { compactProject } from "@/lib/warehouse/compact";
import { validateManifest } from "@/lib/warehouse/validate";

const TRACES = Number(process.env.BENCH_TRACES ?? 50_000);
const DAYS = 180;
const DAY = 86_400_000;
const START = new Date(Math.floor(Date.now() / DAY) * DAY - DAYS * DAY);
const END = new Date(Math.floor(Date.now() / DAY) * DAY);

const round = (v: unknown): unknown =>
  typeof v === "number" ? (Number.isInteger(v) ? v : Number(v.toPrecision(12))) : Array.isArray(v) ? v.map(round) : v && typeof v === "object" && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)])) : v;

export default async function warehouseTiersBench() {
  return withScratchWarehouse("warehouse_tiers", async ({ handle, db, projectId: p, root }) => {
    const at = sql`${START.toISOString()}::timestamptz + (i::float8 / ${TRACES}) * ${DAYS} * interval '1 day'`;
    await db.execute(sql`
      insert into traces (project_id, id, name, user_id, session_id, timestamp, has_root, total_tokens, total_cost, latency_ms, level, observation_count)
      select ${p}::uuid, 't' || i, 'chat', 'u' || (i % 5000), 's' || (i / 5), ${at}, true, 300 + i % 700, 0.0001 * (1 + i % 50), 200 + i % 1800,
        case when i % 40 = 0 then 'ERROR' else 'DEFAULT' end, 2
      from generate_series(1, ${TRACES}) i`);
    await db.execute(sql`
      insert into observations (project_id, trace_id, id, type, name, start_time, end_time, level, model, usage_input, usage_output, usage_total, cost_total, input, output)
      select ${p}::uuid, 't' || i, 'o' || i || '-' || k, case when k = 1 then 'span' else 'generation' end, 'step', ${at}, ${at} + (200 + i % 1800) * interval '1 millisecond',
        case when i % 40 = 0 and k = 2 then 'ERROR' else 'DEFAULT' end, case when k = 2 then (array['gpt-4o','gpt-4o-mini','claude-3-haiku'])[1 + i % 3] end,
        case when k = 2 then 200 + i % 500 end, case when k = 2 then 100 + i % 200 end, case when k = 2 then 300 + i % 700 end, case when k = 2 then 0.0001 * (1 + i % 50) end,
        jsonb_build_object('messages', jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'question number ' || i || ' about invoices and refunds'))),
        jsonb_build_object('content', 'an answer of some length for trace ' || i || repeat(' lorem ipsum', 8))
      from generate_series(1, ${TRACES}) i, generate_series(1, 2) k`);
    await db.execute(sql`
      insert into scores (project_id, id, trace_id, name, value, data_type, source, timestamp)
      select ${p}::uuid, 'sc' || i, 't' || i, 'helpful', i % 2, 'boolean', 'api', ${at} + interval '1 minute'
      from generate_series(1, ${TRACES}, 2) i`);
    await db.execute(sql`analyze traces; analyze observations; analyze scores`);
    const [sizes] = rowsOf<{ heap: string; total: string }>(
      await db.execute(sql`select (pg_relation_size('traces') + pg_relation_size('observations') + pg_relation_size('scores'))::text as heap,
        (pg_total_relation_size('traces') + pg_total_relation_size('observations') + pg_total_relation_size('scores'))::text as total`),
    );
    const range = { preset: null, from: START, to: END, compare: false };

    // Baseline: every row hot, the 180-day Costs board from PostgreSQL.
    await db.update(projects).set({ retentionDays: 3650, warmTier: true }).where(eq(projects.id, p));
    const hotRead = await timeRuns(3, () => costReport(db, p, {}, range));
    const hotBoard = JSON.stringify(round(await costReport(db, p, {}, range)));

    const t0 = performance.now();
    const exported = await exportProjectTiers(db, p, { root });
    const exportMs = performance.now() - t0;
    const warmBytes = Object.values(exported.datasets).flat().reduce((s, d) => s + d.bytes, 0);
    const coldBytes = exported.cold.reduce((s, d) => s + d.bytes, 0);

    // Hot retention 1 day, enforced: the board now reads every past day from the warm files.
    await db.update(projects).set({ retentionDays: 1 }).where(eq(projects.id, p));
    const t1 = performance.now();
    const [retention] = await enforceRetention(db, new Date(), 10_000, p);
    const retentionMs = performance.now() - t1;
    const warmRead = await timeRuns(3, () => costReport(db, p, {}, range));
    const warmBoard = JSON.stringify(round(await costReport(db, p, {}, range)));

    // Compaction of the closed months (every month that ended before the hot cut-off), then the same board again.
    const t3 = performance.now();
    const compaction = await compactProject(db, p, { root });
    const compactMs = performance.now() - t3;
    const compactedRead = await timeRuns(3, () => costReport(db, p, {}, range));
    const compactedBoard = JSON.stringify(round(await costReport(db, p, {}, range)));
    const validation = await validateManifest(db, p, root);

    const week = { from: new Date(END.getTime() - 30 * DAY).toISOString().slice(0, 10), to: new Date(END.getTime() - 24 * DAY).toISOString().slice(0, 10) };
    const t2 = performance.now();
    const restored = await restoreCold(db, p, week, root);
    const restoreMs = performance.now() - t2;
    const heap = Number(sizes.heap);
    const total = Number(sizes.total);
    return {
      driver: handle.driver,
      traces: TRACES,
      days: DAYS,
      export: {
        ms: Math.round(exportMs),
        tracesPerSecond: Math.round(TRACES / (exportMs / 1000)),
        warmFiles: Object.values(exported.datasets).flat().length,
        coldFiles: exported.cold.length,
        warmBytes,
        coldBytes,
        hotHeapBytes: heap,
        hotTotalBytes: total,
        warmToHotHeap: Number((warmBytes / heap).toFixed(3)),
        coldToHotHeap: Number((coldBytes / heap).toFixed(3)),
      },
      retention: { ms: Math.round(retentionMs), tracesDeleted: retention.tracesDeleted },
      costs180Days: { hot: hotRead, warm: warmRead, warmToHotP50: Number((warmRead.p50Ms / hotRead.p50Ms).toFixed(2)), sameFigures: hotBoard === warmBoard },
      compaction: {
        ms: Math.round(compactMs),
        months: compaction.compacted.length,
        filesMerged: compaction.compacted.reduce((s, c) => s + c.inputs, 0),
        validatorProblems: validation.problems.length,
        costs180Days: { compacted: compactedRead, compactedToHotP50: Number((compactedRead.p50Ms / hotRead.p50Ms).toFixed(2)), sameFigures: hotBoard === compactedBoard },
      },
      restore7Days: { ms: Math.round(restoreMs), inserted: restored.inserted },
    };
  });
}
