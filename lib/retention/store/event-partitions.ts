// Retention by whole partitions for `events`, partitioned by UTC week on its time (migration 0079): a week past
// every retention period that applies to its rows is dropped in one statement instead of deleted row by row.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { projects } from "@/db/schema";
import { exportedDays } from "@/lib/warehouse/store/manifest";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Weeks the nightly job keeps ready ahead of now (and one behind), so rows land in their week, not the default. */
export const EVENT_WEEKS_AHEAD = 4;

export interface EventPartition {
  name: string;
  from: Date;
  to: Date;
}

/** Creates the missing weekly partitions covering [from, to), moving their rows out of the default partition. */
export async function ensureEventPartitions(db: Db, from: Date, to: Date): Promise<number> {
  const [row] = rowsOf<{ created: number }>(
    await db.execute(sql`select prism_ensure_event_partitions(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz) as created`),
  );
  return Number(row.created);
}

/** The nightly call: last week to EVENT_WEEKS_AHEAD weeks ahead of `now`. */
export const ensureEventPartitionsAround = (db: Db, now: Date) =>
  ensureEventPartitions(db, new Date(now.getTime() - WEEK_MS), new Date(now.getTime() + EVENT_WEEKS_AHEAD * WEEK_MS));

/** The leaf tables of a partitioned table (so that a delete by ctid stays inside one of them), or the table itself. */
export async function leafTablesOf(db: Db, table: string): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = to_regclass(${table}) order by 1`),
  );
  return rows.length ? rows.map((r) => r.name) : [table];
}

/** The weekly partitions of `events` (never the default one), oldest first; the bounds follow from the name's Monday. */
export async function eventPartitions(db: Db): Promise<EventPartition[]> {
  const names = (await leafTablesOf(db, "events")).filter((n) => /^events_w\d{8}$/.test(n));
  return names.map((name) => {
    const from = new Date(`${name.slice(8, 12)}-${name.slice(12, 14)}-${name.slice(14, 16)}T00:00:00.000Z`);
    return { name, from, to: new Date(from.getTime() + WEEK_MS) };
  });
}

type Holder = { projectId: string; day: string; rows: number };

/**
 * Drops every weekly partition whose rows are all past their project's retention period (and, for a project with
 * the storage tiers on, lie on days already written to the warm tier, as the row-by-row path requires). Returns the
 * rows dropped per project. Writers to `events` wait while a candidate week is checked, so none slips in unseen.
 */
export async function dropExpiredEventPartitions(db: Db, now: Date): Promise<Map<string, number>> {
  const all = await db.select({ id: projects.id, retentionDays: projects.retentionDays, warmTier: projects.warmTier }).from(projects);
  const dropped = new Map<string, number>();
  if (!all.length) return dropped;
  const byId = new Map(all.map((p) => [p.id, p]));
  const cutoffOf = (p: (typeof all)[number]) => now.getTime() - p.retentionDays * DAY_MS;
  const latestCutoff = Math.max(...all.map(cutoffOf));
  const written = new Map<string, Set<string>>();
  const writtenDays = async (tx: Db, projectId: string) => {
    if (!written.has(projectId)) written.set(projectId, await exportedDays(tx, projectId, "events", "warm"));
    return written.get(projectId)!;
  };
  for (const part of await eventPartitions(db)) {
    // Not past even the latest cut-off (the shortest retention): no project can drop this week yet, nor a later one.
    if (part.to.getTime() > latestCutoff) break;
    await db.transaction(async (tx) => {
      await tx.execute(sql`lock table events in share row exclusive mode`);
      const holders = rowsOf<Holder>(
        await tx.execute(sql`select project_id as "projectId", to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as rows
          from ${sql.identifier(part.name)} group by 1, 2`),
      );
      for (const h of holders) {
        const p = byId.get(h.projectId);
        if (!p || part.to.getTime() > cutoffOf(p)) return;
        if (p.warmTier && !(await writtenDays(tx, p.id)).has(h.day)) return;
      }
      await tx.execute(sql`drop table ${sql.identifier(part.name)}`);
      for (const h of holders) dropped.set(h.projectId, (dropped.get(h.projectId) ?? 0) + Number(h.rows));
    });
  }
  return dropped;
}
