// OTLP trace ingestion (decode → map → mask → price → idempotent upsert → trace rollup) against a plain
// multi-row INSERT of the same, already-mapped rows in the same run. Batches of both encodings (OTLP/JSON and
// OTLP/protobuf produced by the OpenTelemetry SDK's own serializer) alternate with the baseline so warm-up and
// drift hit every path equally. Uses DATABASE_URL (PostgreSQL) when set, else in-memory PGlite.
import { context, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { openScratchDb } from "../scratch-db";
import { observations, traces } from "@/db/schema";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { decodeOtlpBody } from "@/lib/traces/ingest/otlp-body";
import { ingestOtlpRequest } from "@/lib/traces/ingest/ingest-otlp";
import { mapResourceSpans } from "@/lib/traces/map-resource-spans";
import { observationRow, traceRow } from "@/lib/traces/store/rows";

const TRACES = Number(process.env.BENCH_TRACES ?? 1200);
const TRACES_PER_BATCH = 100;
const SPANS_PER_TRACE = 5;

/** One batch of realistic spans (agent → retrieval, generation, tool, generation) from the real SDK. */
export function sdkBatch(batchNo: number) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("bench");
  const base = Date.UTC(2026, 10, 1) + batchNo * 60_000;
  for (let i = 0; i < TRACES_PER_BATCH; i++) {
    const t = base + i * 100;
    const root = tracer.startSpan("support-chat", { startTime: t, attributes: { "prism.user.id": `u${i % 500}`, "prism.session.id": `s${batchNo}-${i % 20}` } });
    const ctx = trace.setSpan(context.active(), root);
    const child = (name: string, start: number, end: number, attributes: Record<string, string | number>) =>
      tracer.startSpan(name, { startTime: start, attributes }, ctx).end(end);
    child("vector-search", t + 1, t + 40, { "openinference.span.kind": "RETRIEVER", "input.value": "how do I reset my password? mail me at a@b.co" });
    const gen = {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.usage.input_tokens": 900 + i,
      "gen_ai.usage.output_tokens": 120,
      "gen_ai.input.messages": JSON.stringify([{ role: "system", parts: [{ type: "text", content: "You are a support assistant." }] }, { role: "user", parts: [{ type: "text", content: `Question ${i}: how do I reset my password?` }] }]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "Open Settings → Security and choose Reset password." }] }]),
    };
    child("chat gpt-4o-mini", t + 41, t + 600, gen);
    child("lookup_account", t + 601, t + 650, { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_account" });
    child("chat gpt-4o-mini", t + 651, t + 900, gen);
    root.end(t + 901);
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
