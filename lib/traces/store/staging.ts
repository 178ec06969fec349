// The SQL of the ingest pipeline's staging table (see ../ingest/pipeline.ts): append an accepted batch, measure the
// backlog, claim the oldest batches for a merge (under one advisory lock, so merges run one at a time and in order),
// delete what a merge moved and log its lag, all inside the merge's transaction.

import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { ingestStaging } from "@/db/schema";
import { rowsJson } from "./bulk-insert";
import type { ObservationRow, TraceRow } from "./rows";

/** The advisory lock every merge holds for its transaction ("prism ingest merge"). */
const MERGE_LOCK_KEY = 0x70726973_6d;

/** Appends one accepted batch; durable once this returns (the insert's own commit). */
export async function stageBatch(db: Db, projectId: string, traceRows: TraceRow[], observationRows: ObservationRow[]): Promise<void> {
  await db.execute(sql`
    insert into ${ingestStaging} (project_id, spans, traces, observations)
    values (${projectId}, ${observationRows.length}, ${rowsJson(traceRows)}::json, ${rowsJson(observationRows)}::json)`);
}

export interface Backlog {
  batches: number;
  spans: number;
  oldestReceivedAt: Date | null;
}

/** Staged, not yet merged batches: of one project, or of the whole instance (what back-pressure bounds). */
export async function stagedBacklog(db: Db, projectId?: string): Promise<Backlog> {
  const where = projectId ? sql`where project_id = ${projectId}` : sql``;
  const [row] = rowsOf<{ batches: number; spans: number; oldest: string | Date | null }>(
    await db.execute(sql`select count(*)::int as batches, coalesce(sum(spans), 0)::int as spans, min(received_at) as oldest from ${ingestStaging} ${where}`),
  );
  return { batches: Number(row.batches), spans: Number(row.spans), oldestReceivedAt: row.oldest === null ? null : new Date(row.oldest) };
}

export interface ObservationHead {
  traceId: string;
  id: string;
  type: ObservationRow["type"];
  name: string;
  startTime: Date;
  model: string | null;
}

/**
 * The identity (type, name, start, model) of every observation of the given traces that is stored or staged, in one
 * statement (one snapshot: a merge moving a row from staging to observations is seen before or after, never neither).
 * Staged rows come after stored ones, so a staged version wins when a caller keeps the last per key.
 */
export async function observationHeads(db: Db, projectId: string, traceIds: readonly string[]): Promise<ObservationHead[]> {
  if (traceIds.length === 0) return [];
  const ids = sql.join(traceIds.map((id) => sql`${id}`), sql`, `);
  const rows = rowsOf<{ trace_id: string; id: string; type: ObservationRow["type"]; name: string; start_time: string | Date; model: string | null; staged: number }>(
    await db.execute(sql`
      select trace_id, id, type, name, start_time, model, 0 as staged
      from observations where project_id = ${projectId} and trace_id in (${ids})
      union all
      select o->>'traceId', o->>'id', o->>'type', o->>'name', (o->>'startTime')::timestamptz, o->>'model', 1
      from ${ingestStaging} s cross join lateral json_array_elements(s.observations) o
      where s.project_id = ${projectId} and o->>'traceId' in (${ids})
      order by staged`),
  );
  return rows.map((r) => ({ traceId: r.trace_id, id: r.id, type: r.type, name: r.name, startTime: new Date(r.start_time), model: r.model }));
}

/** Takes the merge lock for the current transaction; false when another merge holds it. */
export async function tryMergeLock(tx: Db): Promise<boolean> {
  const [row] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${MERGE_LOCK_KEY}) as locked`));
  return row.locked === true;
}

export interface StagedBatch {
  id: number;
  projectId: string;
  spans: number;
  traces: TraceRow[];
  observations: ObservationRow[];
}

/**
 * The oldest staged batches, in acceptance order, up to `maxSpans` observations (at least one batch), locked for the
 * caller's transaction. Timestamps in the payload are ISO strings (the bulk insert reads them as such).
 */
export async function claimStaged(tx: Db, maxSpans: number): Promise<StagedBatch[]> {
  const heads = rowsOf<{ id: string | number; spans: number }>(
    await tx.execute(sql`select id, spans from ${ingestStaging} order by id limit 2000`),
  );
  if (heads.length === 0) return [];
  let total = 0;
  let last = heads[0].id;
  for (const h of heads) {
    if (total > 0 && total + h.spans > maxSpans) break;
    total += h.spans;
    last = h.id;
  }
  const rows = rowsOf<{ id: string | number; project_id: string; spans: number; traces: TraceRow[] | string; observations: ObservationRow[] | string }>(
    await tx.execute(sql`
      select id, project_id, spans, traces, observations from ${ingestStaging}
      where id <= ${Number(last)} order by id for update skip locked`),
  );
  const parse = <T>(v: T[] | string): T[] => (typeof v === "string" ? (JSON.parse(v) as T[]) : v);
  return rows.map((r) => ({ id: Number(r.id), projectId: r.project_id, spans: r.spans, traces: parse(r.traces), observations: parse(r.observations) }));
}

export interface MergeLog {
  batches: number;
  spans: number;
  refusedSpans: number;
  durationMs: number;
}

/**
 * Deletes the merged batches and logs the merge, with the lag of each batch (acceptance → this moment, just before
 * the commit that makes them readable), in the merge's transaction.
 */
export async function finishMerge(tx: Db, ids: readonly number[], log: MergeLog): Promise<{ lagP95Ms: number }> {
  const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const [row] = rowsOf<{ lag_p95_ms: number }>(
    await tx.execute(sql`
      with moved as (delete from ${ingestStaging} where id in (${list}) returning extract(epoch from clock_timestamp() - received_at) * 1000 as lag_ms)
      insert into ingest_merges (batches, spans, refused_spans, duration_ms, lag_p50_ms, lag_p95_ms, lag_max_ms)
      select ${log.batches}, ${log.spans}, ${log.refusedSpans}, ${log.durationMs},
        percentile_cont(0.5) within group (order by lag_ms), percentile_cont(0.95) within group (order by lag_ms), max(lag_ms)
      from moved
      returning lag_p95_ms`),
  );
  return { lagP95Ms: Number(row.lag_p95_ms) };
}

/** Merge log rows older than `before` go (the Jobs page shows the last hour). */
export async function pruneMergeLog(db: Db, before: Date): Promise<void> {
  await db.execute(sql`delete from ingest_merges where merged_at < ${before.toISOString()}::timestamptz`);
}

export interface MergeSummary {
  merges: number;
  spans: number;
  refusedSpans: number;
  /** Median of the merges' median lags, worst merge p95, and the longest lag, in milliseconds (null: no merge). */
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  lagMaxMs: number | null;
}

/** The merges since `since` (instance-wide: merges move every project's batches together). */
export async function mergeSummary(db: Db, since: Date): Promise<MergeSummary> {
  const [row] = rowsOf<{ merges: number; spans: number; refused: number; p50: number | null; p95: number | null; max: number | null }>(
    await db.execute(sql`
      select count(*)::int as merges, coalesce(sum(spans), 0)::int as spans, coalesce(sum(refused_spans), 0)::int as refused,
        percentile_cont(0.5) within group (order by lag_p50_ms) as p50, max(lag_p95_ms) as p95, max(lag_max_ms) as max
      from ingest_merges where merged_at >= ${since.toISOString()}::timestamptz`),
  );
  const num = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return { merges: Number(row.merges), spans: Number(row.spans), refusedSpans: Number(row.refused), lagP50Ms: num(row.p50), lagP95Ms: num(row.p95), lagMaxMs: num(row.max) };
}
