// Retention of the oldest 30 of 90 days of product events (issue 16's scale path): the product's batched DELETE
// (lib/retention enforceRetention on the real `events` table, then the VACUUM that makes the space reusable) against
// dropping the 30 oldest daily partitions of a copy of the table partitioned by day on its timestamp, same rows,
// same indexes. Sizes before and after; ratios to the partition drop in the same run.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_ROWS=10000000 npx tsx bench/run.ts retention/partition-drop
import { eq, sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import { rowsOf, type Db } from "@/db/client";
import { projects } from "@/db/schema";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { enforceRetention } from "@/lib/retention/store/enforce";

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

    // The partitioned copy: one partition per UTC day, the events table's indexes on the parent.
    await db.execute(sql.raw(`create table events_by_day (like events including defaults) partition by range (timestamp)`));
    await db.execute(sql.raw(`alter table events_by_day add primary key (project_id, id, timestamp)`));
    await db.execute(sql.raw(`create index on events_by_day (project_id, timestamp)`));
    await db.execute(sql.raw(`create index on events_by_day (project_id, user_id, timestamp)`));
    await db.execute(sql.raw(`create index on events_by_day using brin (received_at)`));
    const partitions: string[] = [];
    for (let d = 0; d < DAYS; d++) {
      const from = new Date(start.getTime() + d * DAY);
      const name = `events_d${from.toISOString().slice(0, 10).replaceAll("-", "")}`;
      partitions.push(name);
      await db.execute(sql.raw(`create table ${name} partition of events_by_day for values from ('${from.toISOString()}') to ('${new Date(from.getTime() + DAY).toISOString()}')`));
    }
    const load = { plain: await seconds(() => db.execute(fill("events", project.id, end))), partitioned: await seconds(() => db.execute(fill("events_by_day", project.id, end))) };
    await db.execute(sql.raw(`analyze events; analyze events_by_day`));
    const before = { plain: await bytes(db, "events"), partitioned: await bytes(db, "events_by_day") };

    const deleteSeconds = await seconds(() => enforceRetention(db, end, undefined, project.id));
    const afterDelete = await bytes(db, "events");
    const vacuumSeconds = await seconds(() => db.execute(sql.raw(`vacuum events`)));
    const afterVacuum = await bytes(db, "events");
    const expired = partitions.slice(0, DAYS - KEEP_DAYS);
    const dropSeconds = await seconds(async () => {
      for (const p of expired) await db.execute(sql.raw(`drop table ${p}`));
    });
    const afterDrop = await bytes(db, "events_by_day");
    const left = {
      plain: Number(rowsOf<{ n: string }>(await db.execute(sql.raw(`select count(*) as n from events`)))[0].n),
      partitioned: Number(rowsOf<{ n: string }>(await db.execute(sql.raw(`select count(*) as n from events_by_day`)))[0].n),
    };
    const r = (x: number) => Number(x.toFixed(1));
    return {
      rows: ROWS,
      expiredDays: DAYS - KEEP_DAYS,
      rowsLeft: left,
      loadSeconds: load,
      delete: { seconds: deleteSeconds, vacuumSeconds, mbBefore: mb(before.plain), mbAfterDelete: mb(afterDelete), mbAfterVacuum: mb(afterVacuum) },
      partitionDrop: { seconds: dropSeconds, mbBefore: mb(before.partitioned), mbAfter: mb(afterDrop) },
      ratios: {
        deleteVsDrop: dropSeconds > 0 ? r(deleteSeconds / dropSeconds) : null,
        deletePlusVacuumVsDrop: dropSeconds > 0 ? r((deleteSeconds + vacuumSeconds) / dropSeconds) : null,
      },
    };
  } finally {
    await h.close();
  }
}
