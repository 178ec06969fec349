// The warm tier: BENCH_EVENTS events (default 1,000,000; the issue's target is 10M, on PostgreSQL) over 180 days,
// generated inside the database. Reports the export (time, Parquet bytes vs the hot table's bytes) and a 180-day
// Overview read from the warm tier (DuckDB over 180 Parquet files) against the same read from the hot table, both
// measured in this run. Run on PostgreSQL with DATABASE_URL set; PGlite works for small sizes.
import { eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { projects } from "@/db/schema";
import { withScratchWarehouse } from "./scratch-warehouse";
import { timeRuns } from "../timing";
import { dailyActivityWithSource } from "@/lib/overview/summary";
import { exportProjectEvents } from "@/lib/warehouse/export";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const DAYS = 180;
const NOW = new Date("2026-11-30T12:00:00Z");
const START = new Date(Math.floor(NOW.getTime() / 86_400_000) * 86_400_000 - DAYS * 86_400_000);
const NAMES = ["session_started", "message_sent", "message_sent", "message_sent", "feedback", "error", "message_sent", "plan_upgraded"];

export default async function warehouseExportBench() {
  return withScratchWarehouse("warehouse_export", async ({ handle, db, projectId: p, root }) => {
    await db.execute(sql`
      insert into events (project_id, id, user_id, session_id, name, timestamp, properties)
      select ${p}::uuid, 'e' || i, 'u' || (i % 20000), 's' || (i / 7),
             (${sql.raw(`array[${NAMES.map((n) => `'${n}'`).join(",")}]`)})[1 + i % ${NAMES.length}],
             ${START.toISOString()}::timestamptz + (i::float8 / ${EVENTS}) * ${DAYS} * interval '1 day',
             case when i % ${NAMES.length} = 4 then jsonb_build_object('thumbs', case when i % 3 = 0 then 'down' else 'up' end, 'model', 'gpt-4o-mini')
                  else jsonb_build_object('model', 'gpt-4o-mini', 'tokens', i % 900) end
      from generate_series(1, ${EVENTS}) i`);
    await db.execute(sql`analyze events`);
    const [sizes] = rowsOf<{ heap: string; total: string }>(
      await db.execute(sql`select pg_relation_size('events')::text as heap, pg_total_relation_size('events')::text as total`),
    );

    // The hot read first (baseline), with every row hot: the Overview over 180 days from the events table.
    await db.update(projects).set({ retentionDays: 365, warmTier: true }).where(eq(projects.id, p));
    const hotRead = await timeRuns(5, () => dailyActivityWithSource(db, p, DAYS, NOW));

    const t0 = performance.now();
    const exported = await exportProjectEvents(db, p, { now: NOW, root });
    const exportMs = performance.now() - t0;
    const parquetBytes = exported.written.reduce((s, d) => s + d.bytes, 0);

    // Hot retention of 1 day: the same read now goes to the warm tier for every past day.
    await db.update(projects).set({ retentionDays: 1 }).where(eq(projects.id, p));
    const warmRead = await timeRuns(5, () => dailyActivityWithSource(db, p, DAYS, NOW));
    const [hotDays, warmDays] = [
      await (async () => {
        await db.update(projects).set({ retentionDays: 365 }).where(eq(projects.id, p));
        return (await dailyActivityWithSource(db, p, DAYS, NOW)).days;
      })(),
      await (async () => {
        await db.update(projects).set({ retentionDays: 1 }).where(eq(projects.id, p));
        return (await dailyActivityWithSource(db, p, DAYS, NOW)).days;
      })(),
    ];
    const heap = Number(sizes.heap);
    const total = Number(sizes.total);
    return {
      driver: handle.driver,
      events: EVENTS,
      days: DAYS,
      export: {
        ms: Math.round(exportMs),
        eventsPerSecond: Math.round(EVENTS / (exportMs / 1000)),
        files: exported.written.length,
        parquetBytes,
        hotHeapBytes: heap,
        hotTotalBytes: total,
        parquetToHotHeap: Number((parquetBytes / heap).toFixed(3)),
        parquetToHotWithIndexes: Number((parquetBytes / total).toFixed(3)),
      },
      overview180Days: {
        hot: hotRead,
        warm: warmRead,
        warmToHotP50: Number((warmRead.p50Ms / hotRead.p50Ms).toFixed(2)),
        sameFigures: JSON.stringify(hotDays) === JSON.stringify(warmDays),
      },
    };
  });
}
