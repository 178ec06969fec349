// Retention of the oldest 30 of 90 days of product events (issue 16's scale path): the product's retention on the
// real `events` table, partitioned by UTC week since migration 0079 (whole expired weeks dropped, the boundary week's
// expired rows deleted), against the batched DELETE (and the VACUUM that makes the space reusable) on an unpartitioned
// copy with the layout before 0079: same rows, same indexes. Sizes before and after; ratios to the partitioned path.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_ROWS=10000000 npx tsx bench/run.ts retention/partition-drop
import { eq, sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import { rowsOf, type Db } from "@/db/client";
import { projects } from "@/db/schema";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { DELETE_BATCH, deleteOlder, enforceRetention } from "@/lib/retention/store/enforce";
import { ensureEventPartitions, eventPartitions } from "@/lib/retention/store/event-partitions";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DAYS = 90;
const KEEP_DAYS = 60;
const DAY = 86_400_000;

const seconds = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return Number(((performance.now() - t0) / 1000).toFixed(2));
};
const bytes = async (db: Db, table: string) =>
  Number(rowsOf<{ b: string }>(await db.execute(sql.raw(`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as b from pg_class c
    where c.oid = '${table}'::regclass or c.oid in (select inhrelid from pg_inherits where inhparent = '${table}'::regclass)`)))[0].b);
const mb = (b: number) => Math.round(b / 1e5) / 10;
const count = async (db: Db, table: string) => Number(rowsOf<{ n: string }>(await db.execute(sql.raw(`select count(*) as n from ${table}`)))[0].n);

/** `ROWS` events spread evenly over the DAYS days before `end`, 2,000 users, into `table`. */
const fill = (table: string, projectId: string, end: Date) =>
  sql.raw(`insert into ${table} (project_id, id, user_id, session_id, name, timestamp, properties, received_at)
    select '${projectId}', 'e' || g, 'u' || (g % 2000), 's' || (g % 50000), case when g % 10 = 0 then 'feedback' else 'message_sent' end,
      ts, '{"app":"web"}'::jsonb, ts
    from generate_series(1, ${ROWS}) g, lateral (select '${end.toISOString()}'::timestamptz - (${DAYS * DAY} * (g - 0.5) / ${ROWS}) * interval '1 millisecond' as ts) t`);

export default async function partitionDrop() {
  const h = await openScratchDb("partition_drop");
  try {
    const { db } = h;
    const org = await ensureOrganization(db, "bench");
    const project = await ensureProject(db, org.id, "bench");
    await db.update(projects).set({ retentionDays: KEEP_DAYS }).where(eq(projects.id, project.id));
    const end = new Date(Math.floor(Date.now() / DAY) * DAY);
    const start = new Date(end.getTime() - DAYS * DAY);
    const cutoff = new Date(end.getTime() - KEEP_DAYS * DAY);

    // The layout before migration 0079: one table, keyed by (project_id, id).
    await db.execute(sql.raw(`create table events_plain (like events including defaults)`));
    await db.execute(sql.raw(`alter table events_plain add primary key (project_id, id)`));
    await db.execute(sql.raw(`create index on events_plain (project_id, timestamp)`));
    await db.execute(sql.raw(`create index on events_plain (project_id, user_id, timestamp)`));
    await db.execute(sql.raw(`create index on events_plain using brin (received_at) with (autosummarize = on)`));
    await ensureEventPartitions(db, start, end);
    // Retention leaves the rollups alone on both paths; the ingest trigger that keeps them would only slow the load.
    await db.execute(sql.raw(`alter table events disable trigger events_user_event_days`));
    const load = { plain: await seconds(() => db.execute(fill("events_plain", project.id, end))), partitioned: await seconds(() => db.execute(fill("events", project.id, end))) };
    await db.execute(sql.raw(`analyze events_plain; analyze events`));
    const before = { plain: await bytes(db, "events_plain"), partitioned: await bytes(db, "events") };
    const weeksBefore = (await eventPartitions(db)).length;

    let deleted = 0;
    const deleteSeconds = await seconds(async () => (deleted = await deleteOlder(db, "events_plain", "timestamp", project.id, cutoff, DELETE_BATCH)));
    const afterDelete = await bytes(db, "events_plain");
    const vacuumSeconds = await seconds(() => db.execute(sql.raw(`vacuum events_plain`)));
    const afterVacuum = await bytes(db, "events_plain");

    let removed = 0;
    const retentionSeconds = await seconds(async () => (removed = (await enforceRetention(db, end, DELETE_BATCH, project.id))[0].deleted.events));
    const afterRetention = await bytes(db, "events");
    const weeksDropped = weeksBefore - (await eventPartitions(db)).length;
    const left = { plain: await count(db, "events_plain"), partitioned: await count(db, "events") };
    const r = (x: number) => Number(x.toFixed(1));
    return {
      rows: ROWS,
      expiredDays: DAYS - KEEP_DAYS,
      rowsRemoved: { plain: deleted, partitioned: removed },
      rowsLeft: left,
      loadSeconds: load,
      delete: { seconds: deleteSeconds, vacuumSeconds, mbBefore: mb(before.plain), mbAfterDelete: mb(afterDelete), mbAfterVacuum: mb(afterVacuum) },
      partitioned: { seconds: retentionSeconds, weeksDropped, mbBefore: mb(before.partitioned), mbAfter: mb(afterRetention) },
      ratios: {
        deleteVsPartitioned: retentionSeconds > 0 ? r(deleteSeconds / retentionSeconds) : null,
        deletePlusVacuumVsPartitioned: retentionSeconds > 0 ? r((deleteSeconds + vacuumSeconds) / retentionSeconds) : null,
      },
    };
  } finally {
    await h.close();
  }
}
