// Tracing at scale (issue 3, "Performance"): OTLP ingestion of BENCH_OBSERVATIONS (default 1,000,000) spans through
// the real path (protobuf from the OpenTelemetry SDK serializer → decodeOtlpBody → ingestOtlpRequest: map, mask,
// price, idempotent upserts, trace rollup), next to a raw SQL COPY of the same already-mapped rows in the same run
// (into copy tables with the same indexes; batches alternate between the two so drift hits both alike). Then, with
// every span stored, p95 of the trace detail (getTrace, a 200-observation trace) and of the first page of the trace
// list (listTraces) without and with each filter, next to a primary-key lookup as the round-trip floor.
// PostgreSQL only (DATABASE_URL); the scratch database is dropped afterwards.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- traces/scale
import { Writable } from "node:stream";
import { context, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import { openScratchDb } from "../scratch-db";
import { timeRuns } from "../timing";
import { observations, traces } from "@/db/schema";
import type { Db } from "@/db/client";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { decodeOtlpBody } from "@/lib/traces/otlp/body";
import { defaultMasker, ingestOtlpRequest } from "@/lib/traces/otlp/ingest";
import { drainIngest } from "@/lib/traces/ingest/pipeline";
import { mapResourceSpans } from "@/lib/traces/otlp/map-resource-spans";
import { applyComputedCosts } from "@/lib/traces/pricing/cost";
import { observationRow, traceRow } from "@/lib/traces/store/rows";
import { getTrace } from "@/lib/traces/store/get-trace";
import { listTraces, traceListQuerySchema } from "@/lib/traces/store/list-traces";
import { sdkBatch } from "./ingest.bench";

const OBSERVATIONS = Number(process.env.BENCH_OBSERVATIONS ?? 1_000_000);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 60);
const TRACES_PER_BATCH = 100; // × 5 spans: 500 spans per request, near the SDK BatchSpanProcessor's 512
const LONG_TRACES = 20;
const LONG_TRACE_SPANS = 200;
const MAX_BODY = 50_000_000;
/** In-flight requests in the concurrent phase (the scratch pool has 4 connections), as a server with several exporters sees. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT_REQUESTS ?? 60);

/** Runs `tasks` with at most `limit` in flight; resolves with the wall-clock seconds. */
export async function wallSeconds(tasks: (() => Promise<unknown>)[], limit: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) await tasks[next++]();
  }));
  return (performance.now() - t0) / 1000;
}

/** A 200-span agent run (root → 33 steps of plan/retrieve/generate/tool/check/summarise) from the real SDK. */
export function sdkLongTrace(k: number, start: number) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("bench");
  const root = tracer.startSpan("research-agent", { startTime: start, attributes: { "user.id": `researcher-${k}`, "session.id": `research-${k}` } });
  const rootCtx = trace.setSpan(context.active(), root);
  let t = start + 1;
  let made = 1;
  while (made < LONG_TRACE_SPANS) {
    const step = tracer.startSpan(`step ${made}`, { startTime: t, attributes: { "openinference.span.kind": "CHAIN" } }, rootCtx);
    const stepCtx = trace.setSpan(context.active(), step);
    made++;
    const kids: [string, Record<string, string | number>][] = [
      ["retrieve", { "openinference.span.kind": "RETRIEVER", "input.value": `sub-question ${made} of research task ${k}` }],
      ["chat gpt-4.1", { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4.1", "gen_ai.usage.input_tokens": 2_000 + made, "gen_ai.usage.output_tokens": 300, "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: `Finding ${made}: the evidence points to a seasonal effect.` }] }]) }],
      ["web_search", { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "web_search" }],
      ["check", { "openinference.span.kind": "CHAIN" }],
      ["summarise", { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4.1-mini", "gen_ai.usage.input_tokens": 800, "gen_ai.usage.output_tokens": 120 }],
    ];
    for (const [name, attributes] of kids) {
      if (made >= LONG_TRACE_SPANS) break;
      tracer.startSpan(name, { startTime: t, attributes }, stepCtx).end(t + 30);
      t += 31;
      made++;
    }
    step.end(t);
  }
  root.end(t + 1);
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

// ---- COPY baseline: the rows ingestOtlpRequest would write, encoded as COPY text ----

function copyField(col: PgColumn, v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  let s: string;
  if (v instanceof Date) s = v.toISOString();
  else if (col.columnType === "PgArray") s = `{${(v as string[]).map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
  else if (col.getSQLType() === "jsonb") s = JSON.stringify(v);
  else if (typeof v === "boolean") s = v ? "t" : "f";
  else s = String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

export async function copyRows(client: Sql, table: string, columns: Record<string, PgColumn>, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const keys = Object.keys(columns).filter((k) => k in rows[0]);
  const names = keys.map((k) => `"${columns[k].name}"`).join(", ");
  const text = rows.map((r) => keys.map((k) => copyField(columns[k], r[k])).join("\t")).join("\n") + "\n";
  const stream: Writable = await client.unsafe(`COPY ${table} (${names}) FROM STDIN`).writable();
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    stream.on("finish", resolve);
    stream.end(text);
  });
}

// ---- measurements ----


async function count(db: Db, table: "traces" | "observations", projectId: string) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(table === "traces" ? traces : observations).where(eq(table === "traces" ? traces.projectId : observations.projectId, projectId));
  return n;
}

export default async function tracesScaleBench() {
  if (!process.env.DATABASE_URL) return { skipped: "set DATABASE_URL: the scale benchmark measures PostgreSQL" };
  const handle = await openScratchDb("traces_scale");
  const db = handle.db;
  const client = (db as unknown as { $client: Sql }).$client;
  let peakRss = process.memoryUsage().rss;
  const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const sampler = setInterval(sampleRss, 50);
  try {
    const org = await ensureOrganization(db, "bench");
    const project = await ensureProject(db, org.id, "bench");
    await db.execute(sql`create table bench_copy_traces (like traces including all)`);
    await db.execute(sql`create table bench_copy_observations (like observations including all)`);
    // The same foreign keys as the real tables (LIKE does not copy them), so both sides pay the same checks.
    await db.execute(sql`alter table bench_copy_traces add foreign key (project_id) references projects (id) on delete cascade`);
    await db.execute(sql`alter table bench_copy_observations add foreign key (project_id) references projects (id) on delete cascade`);

    const batches = Math.ceil((OBSERVATIONS - LONG_TRACES * LONG_TRACE_SPANS) / (TRACES_PER_BATCH * 5));
    const longEvery = Math.max(1, Math.floor(batches / LONG_TRACES));
    const longIds: string[] = [];
    const ms = { otlp: 0, copy: 0 };
    const spans = { otlp: 0, copy: 0 };
    const windows: number[] = []; // OTLP spans/s per ~100k spans
    let windowMs = 0;
    let windowSpans = 0;
    const startedAt = performance.now();

    const ingestOne = async (bytes: Uint8Array, b: number) => {
      // Baseline rows: the same pipeline (map, mask, price) outside the clock.
      const mapped = mapResourceSpans(decodeOtlpBody(bytes, "protobuf", null, MAX_BODY).resourceSpans, { masker: defaultMasker() });
      applyComputedCosts(mapped.observations);
      const traceRows = mapped.traces.map((t) => traceRow(project.id, t));
      const obsRows = mapped.observations.map((o) => observationRow(project.id, o));

      const otlp = async () => {
        const t0 = performance.now();
        const result = await ingestOtlpRequest(db, project.id, decodeOtlpBody(bytes, "protobuf", null, MAX_BODY));
        await drainIngest(db); // accepted, then merged: the end-to-end cost of one request
        const dt = performance.now() - t0;
        ms.otlp += dt;
        spans.otlp += result.observations;
        windowMs += dt;
        windowSpans += result.observations;
        if (windowSpans >= 100_000) {
          windows.push(Math.round(windowSpans / (windowMs / 1000)));
          windowMs = windowSpans = 0;
        }
      };
      const copy = async () => {
        const t0 = performance.now();
        await copyRows(client, "bench_copy_traces", getTableColumns(traces), traceRows);
        await copyRows(client, "bench_copy_observations", getTableColumns(observations), obsRows);
        ms.copy += performance.now() - t0;
        spans.copy += obsRows.length;
      };
      if (b % 2 === 0) {
        await otlp();
        await copy();
      } else {
        await copy();
        await otlp();
      }
      sampleRss();
      return mapped.traces;
    };

    for (let b = 0; b < batches; b++) {
      await ingestOne(sdkBatch(b, TRACES_PER_BATCH).protobuf, b);
      if (b % longEvery === 0 && longIds.length < LONG_TRACES) {
        const [t] = await ingestOne(sdkLongTrace(longIds.length, Date.UTC(2026, 10, 1) + b * 60_000 + 30_000), b);
        longIds.push(t.id);
      }
    }
    const ingestWallS = (performance.now() - startedAt) / 1000;

    // ---- concurrent requests: wall-clock rate with CONCURRENCY in flight, OTLP and COPY of the same requests ----
    const payloads = Array.from({ length: CONCURRENT_REQUESTS }, (_, i) => sdkBatch(batches + i, TRACES_PER_BATCH).protobuf);
    const copyRowsOf = payloads.map((bytes) => {
      const mapped = mapResourceSpans(decodeOtlpBody(bytes, "protobuf", null, MAX_BODY).resourceSpans, { masker: defaultMasker() });
      applyComputedCosts(mapped.observations);
      return { traceRows: mapped.traces.map((t) => traceRow(project.id, t)), obsRows: mapped.observations.map((o) => observationRow(project.id, o)) };
    });
    const concurrentSpans = copyRowsOf.reduce((n, r) => n + r.obsRows.length, 0);
    const otlpWallS = await wallSeconds(
      payloads.map((bytes) => async () => {
        await ingestOtlpRequest(db, project.id, decodeOtlpBody(bytes, "protobuf", null, MAX_BODY));
        await drainIngest(db);
      }),
      CONCURRENCY,
    );
    const copyWallS = await wallSeconds(
      copyRowsOf.map((r) => async () => {
        await copyRows(client, "bench_copy_traces", getTableColumns(traces), r.traceRows);
        await copyRows(client, "bench_copy_observations", getTableColumns(observations), r.obsRows);
      }),
      CONCURRENCY,
    );
    sampleRss();
    await db.execute(sql`drop table bench_copy_traces`);
    await db.execute(sql`drop table bench_copy_observations`);
    const vacuumStart = performance.now();
    await db.execute(sql`vacuum analyze traces`);
    await db.execute(sql`vacuum analyze observations`);
    const vacuumS = (performance.now() - vacuumStart) / 1000;
    const storedObservations = await count(db, "observations", project.id);
    const storedTraces = await count(db, "traces", project.id);

    // ---- reads, with every span stored ----
    const floor = await timeRuns(QUERY_RUNS, (i) =>
      db.select({ id: traces.id }).from(traces).where(and(eq(traces.projectId, project.id), eq(traces.id, longIds[i % longIds.length]))),
    );
    const detail = await timeRuns(QUERY_RUNS, async (i) => {
      const t = await getTrace(db, project.id, longIds[i % longIds.length]);
      if (t?.observations.length !== LONG_TRACE_SPANS) throw new Error(`expected ${LONG_TRACE_SPANS} observations, got ${t?.observations.length}`);
    });
    const mid = Date.UTC(2026, 10, 1) + Math.floor(batches / 2) * 60_000;
    const filters: Record<string, Record<string, string>> = {
      none: {},
      user: { userId: "u1234" },
      model: { model: "claude-3-5-sonnet" },
      modelRare: { model: "gpt-4.1" },
      minLatency: { minLatencyMs: "10000" },
      name: { name: "sql" },
      nameRare: { name: "research" },
      errorLevel: { level: "ERROR" },
      timeRange: { from: new Date(mid).toISOString(), to: new Date(mid + 3_600_000).toISOString() },
      userAndTimeRange: { userId: "u1234", from: new Date(mid - 7 * 86_400_000).toISOString(), to: new Date(mid).toISOString() },
      slowestFirst: { sort: "latency", order: "desc" },
      costliestFirst: { sort: "cost", order: "desc" },
      mostTokensFirst: { sort: "tokens", order: "desc" },
    };
    const list: Record<string, { p50Ms: number; p95Ms: number; maxMs: number; items: number }> = {};
    for (const [label, params] of Object.entries(filters)) {
      const q = traceListQuerySchema.parse({ ...params, limit: "50" });
      const page = await listTraces(db, project.id, q);
      list[label] = { ...(await timeRuns(QUERY_RUNS, () => listTraces(db, project.id, q))), items: page.items.length };
    }

    const rate = (k: keyof typeof ms) => Math.round(spans[k] / (ms[k] / 1000));
    sampleRss();
    return {
      driver: handle.driver,
      storedObservations,
      storedTraces,
      ingest: {
        spansPerRequest: TRACES_PER_BATCH * 5,
        otlpProtobufSpansPerSec: rate("otlp"),
        copyBaselineSpansPerSec: rate("copy"),
        ratioToCopy: Number((rate("otlp") / rate("copy")).toFixed(3)),
        otlpSpansPerSecPer100k: windows,
        concurrent: {
          inFlight: CONCURRENCY,
          spans: concurrentSpans,
          otlpSpansPerSec: Math.round(concurrentSpans / otlpWallS),
          copyBaselineSpansPerSec: Math.round(concurrentSpans / copyWallS),
          ratioToCopy: Number((copyWallS / otlpWallS).toFixed(3)),
        },
        wallSeconds: Math.round(ingestWallS),
        vacuumAnalyzeSeconds: Math.round(vacuumS),
        peakRssMb: Math.round(peakRss / 1e6),
      },
      reads: {
        queryRuns: QUERY_RUNS,
        primaryKeyLookupBaseline: floor,
        traceDetail200Observations: { ...detail, ratioToBaselineP95: Number((detail.p95Ms / floor.p95Ms).toFixed(1)) },
        listFirstPage: list,
      },
      note: "OTLP rate includes decoding, mapping, masking, pricing, upserts and the trace rollup (single client, sequential requests); the COPY baseline writes the same already-mapped rows (no rollup) into tables with the same indexes",
    };
  } finally {
    clearInterval(sampler);
    await handle.close();
  }
}
