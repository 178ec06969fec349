// Builds OTLP payloads for the trace tests: protobuf with the real OpenTelemetry SDK and its official
// serializer (the same bytes an exporter sends), and requests against the OTLP route.
import { gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { context, trace, SpanStatusCode, type Attributes } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { Handler } from "@/lib/http/route";
import { afterIngestRequest } from "./ingest";

export interface SdkSpanSpec {
  name: string;
  attributes?: Attributes;
  children?: SdkSpanSpec[];
  error?: string;
  events?: { name: string; attributes?: Attributes }[];
}

/** Runs the spec through a real tracer and returns the finished spans' OTLP protobuf encoding. */
export async function sdkProtobuf(root: SdkSpanSpec, resource: Attributes = { "service.name": "sdk-test" }) {
  const { resourceFromAttributes } = await import("@opentelemetry/resources");
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("prism-tests", "1.0.0");
  const t0 = Date.UTC(2026, 10, 20, 10, 0, 0);
  let clock = t0;
  const run = (spec: SdkSpanSpec, parentCtx = context.active()) => {
    const span = tracer.startSpan(spec.name, { attributes: spec.attributes, startTime: clock }, parentCtx);
    clock += 5;
    const ctx = trace.setSpan(parentCtx, span);
    for (const child of spec.children ?? []) run(child, ctx);
    for (const e of spec.events ?? []) span.addEvent(e.name, e.attributes, clock);
    if (spec.error) span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error });
    clock += 40;
    span.end(clock);
  };
  run(root);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  const bytes = ProtobufTraceSerializer.serializeRequest(spans)!;
  await provider.shutdown();
  return { bytes, traceId: spans[0].spanContext().traceId, spans };
}

export async function postOtlp(
  handler: Handler,
  body: Uint8Array | string,
  opts: { secret?: string; contentType?: string; gzip?: boolean; path?: string },
) {
  const headers = new Headers({ "content-type": opts.contentType ?? "application/json" });
  if (opts.secret) headers.set("authorization", `Bearer ${opts.secret}`);
  let payload: Uint8Array = typeof body === "string" ? new TextEncoder().encode(body) : body;
  if (opts.gzip) {
    payload = gzipSync(payload);
    headers.set("content-encoding", "gzip");
  }
  const req = new NextRequest(new URL(opts.path ?? "/api/public/otel/v1/traces", "http://localhost:3000"), {
    method: "POST",
    headers,
    body: payload as BodyInit,
  });
  const res = await handler(req, { params: Promise.resolve({}) });
  await afterIngestRequest(opts.path ?? "/api/public/otel/v1/traces", "POST", res.status);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: () => new TextDecoder().decode(bytes) };
}
