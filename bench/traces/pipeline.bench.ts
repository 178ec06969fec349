// The ingest pipeline (issue 19), PostgreSQL only, all figures from one run on one database:
//   1. raw COPY of the same already-mapped rows with 4 in flight: into unindexed tables, into tables with the trace
//      indexes as they were before migration 0027, and with the indexes as they are now (the index write cost);
//   2. acceptance (decode → map → mask → price → one staging insert) with 4 requests in flight, merge stopped;
//   3. the merge of that backlog alone (set-based upserts + one rollup per merge);
//   4. sustained, end to end: 4 clients as fast as back-pressure lets them while the merge worker runs, then the same
//      at half that rate, with the visibility lag (acceptance → readable) logged by every merge;
//   5. read latencies (trace detail of 200-span traces, first list pages) with the new indexes and the old ones.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/run.ts traces/pipeline
//   BENCH_REQUESTS (default 200 requests of 500 spans), BENCH_SUSTAIN_SECONDS (default 40 per sustained phase)
import { getTableColumns, sql } from "drizzle-orm";
import type { Sql } from "postgres";
import { openScratchDb } from "../scratch-db";
import { timeRuns } from "../timing";
import { observations, traces } from "@/db/schema";
import { rowsOf, type Db } from "@/db/client";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { registerJobs } from "@/lib/jobs/dispatch";
import { decodeOtlpBody } from "@/lib/traces/otlp/body";
import { defaultMasker, ingestOtlpRequest } from "@/lib/traces/otlp/ingest";
import { mapResourceSpans } from "@/lib/traces/otlp/map-resource-spans";
import { applyComputedCosts } from "@/lib/traces/pricing/cost";
import { observationRow, traceRow } from "@/lib/traces/store/rows";
import { assertIngestCapacity, drainIngest } from "@/lib/traces/ingest/pipeline";
import { getTrace } from "@/lib/traces/store/get-trace";
import { listTraces, traceListQuerySchema } from "@/lib/traces/store/list-traces";
import { sdkBatch } from "./ingest.bench";
import { copyRows, sdkLongTrace, wallSeconds } from "./scale.bench";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const SUSTAIN_SECONDS = Number(process.env.BENCH_SUSTAIN_SECONDS ?? 40);
const IN_FLIGHT = 4;
const TRACES_PER_REQUEST = 100; // × 5 spans
const MAX_BODY = 50_000_000;
const QUERY_RUNS = 40;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => (sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]));

/** The indexes of traces/observations before migration 0027 that it dropped or narrowed. */
const OLD_INDEXES = [
  `create index %t_name_time on %traces (project_id, name, timestamp)`,
  `create index %o_model_full on %observations (project_id, model, start_time)`,
];

async function copyTables(db: Db, prefix: string, indexes: "none" | "before" | "after") {
  const inc = indexes === "none" ? "including defaults" : "including all";
  await db.execute(sql.raw(`create table ${prefix}_traces (like traces ${inc})`));
  await db.execute(sql.raw(`create table ${prefix}_observations (like observations ${inc})`));
  if (indexes !== "none") {
    await db.execute(sql.raw(`alter table ${prefix}_traces add foreign key (project_id) references projects (id) on delete cascade`));
    await db.execute(sql.raw(`alter table ${prefix}_observations add foreign key (project_id) references projects (id) on delete cascade`));
  }
  if (indexes === "before") {
    // LIKE ... INCLUDING ALL copied today's partial model index; put back the full one and the name index.
    const partial = rowsOf<{ indexname: string }>(await db.execute(sql.raw(`select indexname from pg_indexes where tablename = '${prefix}_observations' and indexdef like '%WHERE%'`)));
    for (const { indexname } of partial) await db.execute(sql.raw(`drop index "${indexname}"`));
    for (const stmt of OLD_INDEXES) await db.execute(sql.raw(stmt.replaceAll("%traces", `${prefix}_traces`).replaceAll("%observations", `${prefix}_observations`).replaceAll("%t", `${prefix}_t`).replaceAll("%o", `${prefix}_o`)));
  }
}

async function readLatencies(db: Db, projectId: string, longIds: string[]) {
  await db.execute(sql`vacuum analyze traces`);
  await db.execute(sql`vacuum analyze observations`);
  const detail = await timeRuns(QUERY_RUNS, (i) => getTrace(db, projectId, longIds[i % longIds.length]));
  const list: Record<string, { p50Ms: number; p95Ms: number; maxMs: number }> = {};
  for (const [label, params] of Object.entries({ none: {}, model: { model: "claude-3-5-sonnet" }, modelRare: { model: "gpt-4.1" }, name: { name: "sql" }, nameRare: { name: "research" } })) {
    const q = traceListQuerySchema.parse({ ...params, limit: "50" });
    list[label] = await timeRuns(QUERY_RUNS, () => listTraces(db, projectId, q));
  }
  return { traceDetail200Spans: detail, listFirstPage: list };
}

export default async function ingestPipelineBench() {
  if (!process.env.DATABASE_URL) return { skipped: "set DATABASE_URL: the pipeline benchmark measures PostgreSQL" };
  registerJobs({ jobs: [], sendToInngest: async () => undefined }); // the bench runs the merge worker itself
  const handle = await openScratchDb("ingest_pipeline");
  const db = handle.db;
  const client = (db as unknown as { $client: Sql }).$client;
  try {
    const org = await ensureOrganization(db, "bench");
    const project = await ensureProject(db, org.id, "bench");
    const decode = (bytes: Uint8Array) => decodeOtlpBody(bytes, "protobuf", null, MAX_BODY);
    const options = { sampleRate: 1, masker: defaultMasker(), prices: [] };
    let next = 0;
    const payload = () => sdkBatch(next++, TRACES_PER_REQUEST).protobuf;

    // ---- 1. raw COPY of the same rows ----
    const payloads = Array.from({ length: REQUESTS }, payload);
    const rows = payloads.map((bytes) => {
      const mapped = mapResourceSpans(decode(bytes).resourceSpans, { masker: defaultMasker() });
      applyComputedCosts(mapped.observations);
      return { traces: mapped.traces.map((t) => traceRow(project.id, t)), observations: mapped.observations.map((o) => observationRow(project.id, o)) };
    });
    const spans = rows.reduce((n, r) => n + r.observations.length, 0);
    const copyRate: Record<string, number> = {};
    for (const kind of ["none", "before", "after"] as const) {
      const prefix = `bench_copy_${kind}`;
      await copyTables(db, prefix, kind);
      const s = await wallSeconds(rows.map((r) => async () => {
        await copyRows(client, `${prefix}_traces`, getTableColumns(traces), r.traces);
        await copyRows(client, `${prefix}_observations`, getTableColumns(observations), r.observations);
      }), IN_FLIGHT);
      copyRate[kind] = Math.round(spans / s);
      await db.execute(sql.raw(`drop table ${prefix}_traces, ${prefix}_observations`));
    }

    // ---- 2. acceptance alone (staging only), 3. the merge of that backlog ----
    const acceptS = await wallSeconds(payloads.map((bytes) => () => ingestOtlpRequest(db, project.id, decode(bytes), options)), IN_FLIGHT);
    const mergeStart = performance.now();
    const merged = await drainIngest(db);
    const mergeS = (performance.now() - mergeStart) / 1000;

    // ---- 4. sustained, end to end, with the merge worker running ----
    /** Payloads for a phase, serialized before it (the SDK's serialization would otherwise take the clients' CPU). */
    const pool = (spansPerSec: number) => Array.from({ length: Math.min(2_000, Math.ceil((spansPerSec * SUSTAIN_SECONDS * 1.5) / (TRACES_PER_REQUEST * 5))) }, payload);
    const sustain = async (targetSpansPerSec: number | null, payloads: Uint8Array[]) => {
      const since = new Date();
      const started = performance.now();
      const deadline = started + SUSTAIN_SECONDS * 1000;
      let accepted = 0;
      let refused429 = 0;
      let stop = false;
      const worker = (async () => {
        let n = 0;
        while (!stop) {
          const r = await drainIngest(db, { maxMs: 1_000 });
          n += r.spans;
          if (r.merges === 0) await sleep(20);
        }
        return n;
      })();
      const perClientInterval = targetSpansPerSec ? (IN_FLIGHT * TRACES_PER_REQUEST * 5 * 1000) / targetSpansPerSec : 0;
      await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
        let due = performance.now();
        while (performance.now() < deadline && payloads.length > 0) {
          const bytes = payloads.pop()!;
          try {
            await assertIngestCapacity(db);
          } catch {
            refused429++;
            await sleep(100); // a real client waits Retry-After (5 s); shortened so the phase keeps the backlog near the bound
            continue;
          }
          accepted += (await ingestOtlpRequest(db, project.id, decode(bytes), options)).observations;
          due += perClientInterval;
          if (perClientInterval) await sleep(Math.max(0, due - performance.now()));
        }
      }));
      const clientS = (performance.now() - started) / 1000;
      stop = true;
      const mergedDuring = await worker;
      const elapsedS = (performance.now() - started) / 1000;
      await drainIngest(db);
      const lags = rowsOf<{ p50: number; p95: number; max: number }>(
        await db.execute(sql`select lag_p50_ms as p50, lag_p95_ms as p95, lag_max_ms as max from ingest_merges where merged_at >= ${since.toISOString()}::timestamptz`),
      );
      const p95s = lags.map((l) => Number(l.p95)).sort((a, b) => a - b);
      return {
        seconds: Math.round(clientS),
        ranOutOfPayloads: payloads.length === 0,
        acceptedSpansPerSec: Math.round(accepted / clientS),
        mergedSpansPerSec: Math.round(mergedDuring / elapsedS),
        backPressure429s: refused429,
        merges: lags.length,
        lagMs: { p50OfMerges: pct(lags.map((l) => Number(l.p50)).sort((a, b) => a - b), 0.5), p95OfMergeP95s: pct(p95s, 0.95), max: Math.round(Math.max(0, ...lags.map((l) => Number(l.max)))) },
      };
    };
    const full = await sustain(null, pool(Math.round(spans / acceptS)));
    const halfRate = Math.max(500, Math.round(full.mergedSpansPerSec / 2));
    const half = await sustain(halfRate, pool(halfRate));

    // ---- 5. reads, indexes after vs before migration 0027 ----
    const longIds: string[] = [];
    for (let k = 0; k < 10; k++) {
      const bytes = sdkLongTrace(k, Date.UTC(2026, 10, 1) + k * 600_000);
      await ingestOtlpRequest(db, project.id, decode(bytes), options);
      longIds.push(mapResourceSpans(decode(bytes).resourceSpans, { masker: defaultMasker() }).traces[0].id);
    }
    await drainIngest(db);
    const [{ n: storedObservations }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from observations`));
    const readsAfter = await readLatencies(db, project.id, longIds);
    await db.execute(sql`drop index observations_project_model_start_idx`);
    await db.execute(sql`create index observations_project_model_start_idx on observations (project_id, model, start_time)`);
    await db.execute(sql`create index traces_project_name_time_idx on traces (project_id, name, timestamp)`);
    const readsBefore = await readLatencies(db, project.id, longIds);

    const acceptRate = Math.round(spans / acceptS);
    return {
      driver: handle.driver,
      spansPerRequest: TRACES_PER_REQUEST * 5,
      inFlight: IN_FLIGHT,
      burst: {
        spans,
        rawCopySpansPerSec: { unindexed: copyRate.none, indexesBefore0027: copyRate.before, indexesNow: copyRate.after },
        acceptedSpansPerSec: acceptRate,
        acceptedToUnindexedCopy: Number((acceptRate / copyRate.none).toFixed(3)),
        mergeOfBacklogSpansPerSec: Math.round(merged.spans / mergeS),
        mergeToIndexedCopy: Number((merged.spans / mergeS / copyRate.after).toFixed(3)),
      },
      sustainedFullSpeed: full,
      sustainedHalfRate: { targetSpansPerSec: halfRate, ...half },
      reads: { storedObservations, queryRuns: QUERY_RUNS, indexesNow: readsAfter, indexesBefore0027: readsBefore },
      note: "raw COPY writes the same already-mapped rows (no decode, mapping or rollup); sustained phases shorten the client's Retry-After wait to 100 ms",
    };
  } finally {
    await handle.close();
  }
}
