// OTLP trace ingestion (decode → map → mask → price → idempotent upsert → trace rollup) against a plain
// multi-row INSERT of the same, already-mapped rows in the same run. Batches of both encodings (OTLP/JSON and
// OTLP/protobuf produced by the OpenTelemetry SDK's own serializer) alternate with the baseline so warm-up and
// drift hit every path equally. Uses DATABASE_URL (PostgreSQL) when set, else in-memory PGlite.
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { openScratchDb } from "../scratch-db";
import { observations, traces } from "@/db/schema";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { decodeOtlpBody } from "@/lib/traces/otlp/body";
import { ingestOtlpRequest } from "@/lib/traces/otlp/ingest";
import { drainIngest } from "@/lib/traces/ingest/pipeline";
import { mapResourceSpans } from "@/lib/traces/otlp/map-resource-spans";
import { observationRow, traceRow } from "@/lib/traces/store/rows";

const TRACES = Number(process.env.BENCH_TRACES ?? 1200);
const TRACES_PER_BATCH = 100;
const SPANS_PER_TRACE = 5;

const APPS = ["support-chat", "rag-answer", "summarize-ticket", "sql-agent", "email-draft", "classify-intent", "code-review", "translate-reply"];
const MODELS = ["gpt-4o-mini", "gpt-4o", "claude-3-5-haiku", "claude-3-5-sonnet", "gemini-1.5-flash"];
const QUESTIONS = [
  "how do I reset my password? mail me at a@b.co",
  "why was I charged twice this month?",
  "can you summarise ticket 4411 for the on-call engineer",
  "which customers churned last quarter by region",
  "draft a polite reply declining the refund",
];

/** Deterministic 0..1 from two integers (bench data must be the same on every run). */
function unit(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/**
 * One batch of realistic spans from the real SDK (random trace and span ids, as an exporter sends them):
 * per trace an agent root → retrieval, generation, tool, generation, across 8 apps, 5 models, 5,000 users,
 * with ~2% failed tool calls and ~1% slow outliers (10-30 s). `tracesPerBatch` × 5 spans.
 */
export function sdkBatch(batchNo: number, tracesPerBatch = TRACES_PER_BATCH) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("bench");
  const base = Date.UTC(2026, 10, 1) + batchNo * 60_000;
  for (let i = 0; i < tracesPerBatch; i++) {
    const n = batchNo * tracesPerBatch + i;
    const t = base + Math.floor((i * 60_000) / tracesPerBatch);
    const app = APPS[Math.floor(unit(n, 1) * APPS.length)];
    const model = MODELS[Math.floor(unit(n, 2) * MODELS.length)];
    const slow = unit(n, 3) < 0.01 ? 10_000 + Math.floor(unit(n, 4) * 20_000) : 0;
    const failed = unit(n, 5) < 0.02;
    const question = QUESTIONS[n % QUESTIONS.length];
    const root = tracer.startSpan(app, {
      startTime: t,
      attributes: { "user.id": `u${Math.floor(unit(n, 6) * 5000)}`, "session.id": `s${batchNo}-${i % 20}`, "deployment.environment": n % 10 === 0 ? "staging" : "production", "openinference.span.kind": "AGENT" },
    });
    const ctx = trace.setSpan(context.active(), root);
    const child = (name: string, start: number, end: number, attributes: Record<string, string | number>, error?: string) => {
      const span = tracer.startSpan(name, { startTime: start, attributes }, ctx);
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
      span.end(end);
    };
    child("vector-search", t + 1, t + 40, { "openinference.span.kind": "RETRIEVER", "input.value": question, "output.value": JSON.stringify([{ id: `doc-${n % 977}`, score: 0.82 }, { id: `doc-${(n + 5) % 977}`, score: 0.74 }]) });
    const gen = (turn: number) => ({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": model,
      "gen_ai.usage.input_tokens": 600 + (n % 900) + turn * 150,
      "gen_ai.usage.output_tokens": 80 + (n % 300),
      "gen_ai.input.messages": JSON.stringify([
        { role: "system", parts: [{ type: "text", content: `You are the ${app} assistant. Answer briefly and cite the documents you used.` }] },
        { role: "user", parts: [{ type: "text", content: `Question ${n}: ${question}` }] },
      ]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "Open Settings → Security and choose Reset password. The billing page lists every charge." }] }]),
    });
    child(`chat ${model}`, t + 41, t + 600 + slow, gen(0));
    child("lookup_account", t + 601 + slow, t + 650 + slow, { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_account", "gen_ai.tool.call.arguments": `{"user":"u${n % 5000}"}` }, failed ? "upstream timeout after 30s" : undefined);
    child(`chat ${model}`, t + 651 + slow, t + 900 + slow, gen(1));
    root.end(t + 901 + slow);
  }
  const spans = exporter.getFinishedSpans();
  return { protobuf: ProtobufTraceSerializer.serializeRequest(spans)!, json: JsonTraceSerializer.serializeRequest(spans)! };
}

export default async function tracesIngestBench() {
  const handle = await openScratchDb("traces");
  const org = await ensureOrganization(handle.db, "bench");
  const project = await ensureProject(handle.db, org.id, "bench");
  const baselineProject = await ensureProject(handle.db, org.id, "bench-baseline");
  const ms = { baseline: 0, protobuf: 0, json: 0 };
  const spans = { baseline: 0, protobuf: 0, json: 0 };
  const batches = Math.ceil(TRACES / TRACES_PER_BATCH);
  for (let b = 0; b < batches; b++) {
    const payload = sdkBatch(b);
    const encoding = b % 2 === 0 ? "protobuf" : "json";
    const bytes = payload[encoding];

    // Baseline: the same spans, mapped outside the clock, written with plain multi-row inserts.
    const mapped = mapResourceSpans(decodeOtlpBody(payload.protobuf, "protobuf", null, 50_000_000).resourceSpans);
    const obsRows = mapped.observations.map((o) => observationRow(baselineProject.id, o));
    const traceRows = mapped.traces.map((t) => traceRow(baselineProject.id, t));
    const t0 = performance.now();
    await handle.db.insert(traces).values(traceRows);
    for (let i = 0; i < obsRows.length; i += 500) await handle.db.insert(observations).values(obsRows.slice(i, i + 500));
    ms.baseline += performance.now() - t0;
    spans.baseline += obsRows.length;

    const t1 = performance.now();
    const request = decodeOtlpBody(bytes, encoding, null, 50_000_000);
    const result = await ingestOtlpRequest(handle.db, project.id, request);
    await drainIngest(handle.db); // accepted, then merged: the end-to-end cost
    ms[encoding] += performance.now() - t1;
    spans[encoding] += result.observations;
  }
  await handle.close();
  const rate = (k: keyof typeof ms) => Math.round(spans[k] / (ms[k] / 1000));
  return {
    driver: handle.driver,
    traces: batches * TRACES_PER_BATCH,
    spansPerTrace: SPANS_PER_TRACE,
    baselineRawInsertSpansPerSec: rate("baseline"),
    otlpProtobufSpansPerSec: rate("protobuf"),
    otlpJsonSpansPerSec: rate("json"),
    protobufRatioToBaseline: Number((rate("protobuf") / rate("baseline")).toFixed(3)),
    jsonRatioToBaseline: Number((rate("json") / rate("baseline")).toFixed(3)),
    note: "OTLP paths include decoding, mapping, masking, pricing, upserts and the trace rollup; the baseline only inserts pre-mapped rows",
    peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}
