import { describe, expect, it } from "vitest";
import { context, trace, SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { mapResourceSpans } from "./map-resource-spans";
import { decodeExportTraceServiceRequest, encodeExportTraceServiceResponse, OtlpDecodeError } from "./protobuf";

function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("unit", "2.0.0");
  const root = tracer.startSpan("root", { startTime: 1_763_000_000_123, attributes: { "prism.tags": ["a", "b"], neg: -42, big: 2 ** 40, ratio: 0.25, flag: true } });
  const child = tracer.startSpan("child", { startTime: 1_763_000_000_200 }, trace.setSpan(context.active(), root));
  child.addEvent("checkpoint", { step: 3 }, 1_763_000_000_250);
  child.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
  child.end(1_763_000_000_300);
  root.end(1_763_000_000_400);
  return exporter.getFinishedSpans();
}

describe("OTLP protobuf decoding", () => {
  it("maps SDK protobuf exactly like the SDK's own OTLP/JSON encoding of the same spans", () => {
    const spans = sdkSpans();
    const fromProto = mapResourceSpans(decodeExportTraceServiceRequest(ProtobufTraceSerializer.serializeRequest(spans)!).resourceSpans, { receivedAt: new Date(0) });
    const json = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!));
    const fromJson = mapResourceSpans(json.resourceSpans, { receivedAt: new Date(0) });
    expect(fromProto).toEqual(fromJson);
    const root = fromProto.observations.find((o) => o.name === "root")!;
    expect(root.metadata).toMatchObject({ neg: -42, big: 2 ** 40, ratio: 0.25, flag: true });
    expect(root.startTime.toISOString()).toBe(new Date(1_763_000_000_123).toISOString());
    expect(fromProto.traces[0].tags).toEqual(["a", "b"]);
    const child = fromProto.observations.find((o) => o.name === "child")!;
    expect(child).toMatchObject({ level: "ERROR", statusMessage: "boom", parentObservationId: root.id });
    expect(child.events).toEqual([{ name: "checkpoint", time: new Date(1_763_000_000_250), attributes: { step: 3 } }]);
  });

  it("rejects truncated messages and skips unknown fields", () => {
    expect(() => decodeExportTraceServiceRequest(Uint8Array.from([0x0a, 0x05, 0x01]))).toThrow(OtlpDecodeError);
    // Field 15 (unknown at the top level), varint 1: skipped.
    expect(decodeExportTraceServiceRequest(Uint8Array.from([0x78, 0x01]))).toEqual({ resourceSpans: [] });
  });

  it("encodes full and partial success responses", () => {
    expect(encodeExportTraceServiceResponse(0, "")).toEqual(new Uint8Array(0));
    const partial = encodeExportTraceServiceResponse(3, "bad");
    expect(Array.from(partial)).toEqual([0x0a, 0x07, 0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]);
  });
});
