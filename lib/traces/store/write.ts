// Idempotent writes of traces and observations. Re-sending the same spans changes nothing; a later
// version of an observation (e.g. the span's end, sent after its start) merges into the stored row.

import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import type { ObservationRow, TraceRow } from "./rows";
import { rollupTraces } from "./rollup";
import { KEPT_TRACES, type TraceTables } from "./trace-tables";
import { bulkInsert } from "./bulk-insert";
import { describeFailure } from "@/lib/errors/log-safe";
import { isPermanentFailure } from "@/lib/ingest/store-failure";
import { markLateRowsStale } from "@/lib/insights/store/rollup-staleness";

// Rows per statement (one JSON bind parameter, whatever the row count).
const OBSERVATION_CHUNK = 2000;
const TRACE_CHUNK = 5000;

const excluded = (col: PgColumn) => sql.raw(`excluded."${col.name}"`);
/** The new value unless it is null. */
const preferNew = (col: PgColumn): SQL => sql`coalesce(${excluded(col)}, ${col})`;
/** The stored value unless it is null (first non-null wins). */
const preferOld = (col: PgColumn): SQL => sql`coalesce(${col}, ${excluded(col)})`;

type Columns = Record<string, PgColumn>;

/** How a later version of an observation merges into the stored one, for the columns `o` has. */
function observationMerge(o: Columns): Record<string, SQL> {
  const merge: Record<string, (c: PgColumn) => SQL> = {
    parentObservationId: preferNew,
    type: excluded,
    name: excluded,
    startTime: excluded,
    endTime: preferNew,
    level: (c) => sql`case when ${excluded(c)} = 'DEFAULT' then ${c} else ${excluded(c)} end`,
    statusMessage: preferNew,
    model: preferNew,
    provider: preferNew,
    modelParameters: preferNew,
    usageInput: preferNew,
    usageOutput: preferNew,
    usageTotal: preferNew,
    usageCacheRead: preferNew,
    usageCacheWrite: preferNew,
    costInput: preferNew,
    costOutput: preferNew,
    costCacheRead: preferNew,
    costCacheWrite: preferNew,
    costTotal: preferNew,
    costSource: preferNew,
    priceId: preferNew,
    input: preferNew,
    output: preferNew,
    metadata: (c) => sql`${c} || ${excluded(c)}`,
    events: (c) => sql`case when jsonb_array_length(${excluded(c)}) > 0 then ${excluded(c)} else ${c} end`,
  };
  return Object.fromEntries(Object.entries(merge).flatMap(([key, fn]) => (o[key] ? [[key, fn(o[key])]] : [])));
}

/** How a trace row merges (the root span decides name, timestamp and environment), for the columns `t` has. */
function traceMerge(t: Columns): Record<string, SQL> {
  const merge: Record<string, () => SQL> = {
    name: () => sql`case when ${excluded(t.hasRoot)} and ${excluded(t.name)} is not null then ${excluded(t.name)} else ${preferOld(t.name)} end`,
    timestamp: () => sql`case when ${excluded(t.hasRoot)} then ${excluded(t.timestamp)} when ${t.hasRoot} then ${t.timestamp} else least(${t.timestamp}, ${excluded(t.timestamp)}) end`,
    environment: () => sql`case when ${excluded(t.hasRoot)} then ${excluded(t.environment)} else ${t.environment} end`,
    hasRoot: () => sql`${t.hasRoot} or ${excluded(t.hasRoot)}`,
    userId: () => preferOld(t.userId),
    sessionId: () => preferOld(t.sessionId),
    release: () => preferOld(t.release),
    version: () => preferOld(t.version),
    tags: () => sql`array(select distinct x from unnest(${t.tags} || ${excluded(t.tags)}) as x order by x)`,
    metadata: () => sql`${excluded(t.metadata)} || ${t.metadata}`,
  };
  return Object.fromEntries(Object.entries(merge).flatMap(([key, fn]) => (t[key] ? [[key, fn()]] : [])));
}

/** `on conflict (<target>) do update set col = expr, ...` for an INSERT built by bulkInsert. */
function onConflictUpdate(target: PgColumn[], set: Record<string, SQL>, columns: Record<string, PgColumn>): SQL {
  const assignments = Object.entries(set).map(([key, expr]) => sql`${sql.identifier(columns[key].name)} = ${expr}`);
  return sql`on conflict (${sql.join(target.map((c) => sql.identifier(c.name)), sql`, `)}) do update set ${sql.join(assignments, sql`, `)}`;
}

function upsertTails(target: TraceTables) {
  const t = getTableColumns(target.traces) as Columns;
  const o = getTableColumns(target.observations) as Columns;
  return {
    trace: onConflictUpdate([t.projectId, t.id], traceMerge(t), t),
    observation: onConflictUpdate([o.projectId, o.traceId, o.id], observationMerge(o), o),
  };
}
const tails = new Map<TraceTables, ReturnType<typeof upsertTails>>();

/** Merges duplicates within one write (ON CONFLICT cannot touch a row twice in one statement). */
function dedupeObservations(rows: ObservationRow[]): ObservationRow[] {
  const byKey = new Map<string, ObservationRow>();
  for (const row of rows) {
    const key = `${row.traceId}\u0000${row.id}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, row);
      continue;
    }
    const merged: Record<string, unknown> = { ...prev };
    for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) merged[k] = v;
    byKey.set(key, merged as ObservationRow);
  }
  return [...byKey.values()];
}

function dedupeTraces(rows: TraceRow[]): TraceRow[] {
  const byId = new Map<string, TraceRow>();
  for (const row of rows) {
    const prev = byId.get(row.id);
    if (!prev) byId.set(row.id, { ...row, tags: [...(row.tags ?? [])].sort() });
    else {
      prev.tags = [...new Set([...(prev.tags ?? []), ...(row.tags ?? [])])].sort();
      if (row.hasRoot) Object.assign(prev, { ...row, tags: prev.tags, hasRoot: true });
    }
  }
  return [...byId.values()];
}

export interface WriteResult {
  traces: number;
  observations: number;
}

/**
 * Upserts traces and observations and re-derives the totals of every touched trace, in one transaction
 * (nothing is half-written); marks the root cause rollup hours of late ones stale. Every observation's trace must be among `traceRows` or already stored.
 */
export async function writeTraceData(
  db: Db,
  traceRows: TraceRow[],
  observationRows: ObservationRow[],
  target: TraceTables = KEPT_TRACES,
): Promise<WriteResult> {
  const tr = dedupeTraces(traceRows);
  const ob = dedupeObservations(observationRows);
  if (tr.length === 0 && ob.length === 0) return { traces: 0, observations: 0 };
  const projectIds = new Set([...tr.map((r) => r.projectId), ...ob.map((r) => r.projectId)]);
  if (projectIds.size !== 1) throw new Error("writeTraceData: one project per write");
  const [projectId] = projectIds;
  if (!tails.has(target)) tails.set(target, upsertTails(target));
  const tail = tails.get(target)!;
  await db.transaction(async (tx) => {
    for (let i = 0; i < tr.length; i += TRACE_CHUNK) {
      await tx.execute(sql`${bulkInsert(target.traces, tr.slice(i, i + TRACE_CHUNK))} ${tail.trace}`);
    }
    for (let i = 0; i < ob.length; i += OBSERVATION_CHUNK) {
      await tx.execute(sql`${bulkInsert(target.observations, ob.slice(i, i + OBSERVATION_CHUNK))} ${tail.observation}`);
    }
    const touched = [...new Set([...tr.map((r) => r.id), ...ob.map((r) => r.traceId)])];
    await rollupTraces(tx as unknown as Db, projectId, touched, target);
    // A trace or span older than the root cause rollups' recompute window: its hour's rollups no longer hold.
    if (target === KEPT_TRACES) await markLateRowsStale(tx as unknown as Db, projectId, { traceIds: touched });
  });
  return { traces: tr.length, observations: ob.length };
}

/**
 * writeTraceData, and when the database refuses a value, trace by trace (each atomic) so that only the traces holding
 * it are refused: their spans are counted and logged by trace id, never by content.
 */
export async function writeTraceDataIsolated(
  db: Db,
  traceRows: TraceRow[],
  observationRows: ObservationRow[],
): Promise<WriteResult & { refusedSpans: number }> {
  try {
    return { ...(await writeTraceData(db, traceRows, observationRows)), refusedSpans: 0 };
  } catch (err) {
    if (!isPermanentFailure(err)) throw err;
  }
  const result = { traces: 0, observations: 0, refusedSpans: 0 };
  const spansByTrace = new Map<string, ObservationRow[]>();
  for (const o of observationRows) spansByTrace.set(o.traceId, [...(spansByTrace.get(o.traceId) ?? []), o]);
  const tracesById = new Map<string, TraceRow[]>();
  for (const t of traceRows) tracesById.set(t.id, [...(tracesById.get(t.id) ?? []), t]);
  for (const traceId of new Set([...tracesById.keys(), ...spansByTrace.keys()])) {
    const spans = spansByTrace.get(traceId) ?? [];
    try {
      const written = await writeTraceData(db, tracesById.get(traceId) ?? [], spans);
      result.traces += written.traces;
      result.observations += written.observations;
    } catch (err) {
      if (!isPermanentFailure(err)) throw err;
      console.error(`[prism] trace refused by the database: trace=${traceId} spans=${spans.length} error=${describeFailure(err)}`);
      result.refusedSpans += spans.length;
    }
  }
  return result;
}
