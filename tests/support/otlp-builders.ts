// Test helpers that build OTLP/HTTP JSON-shaped payloads the way exporters
// encode them: hex ids, nanosecond strings, int64 attributes as strings.

import type { OtlpAnyValue, OtlpEvent, OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from "../../lib/traces/otlp/types";

export function anyValue(value: unknown): OtlpAnyValue {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  if (value instanceof Uint8Array) return { bytesValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (value !== null && typeof value === "object") {
    return { kvlistValue: { values: toKeyValues(value as Record<string, unknown>) } };
  }
  return {};
}

export function toKeyValues(attrs: Record<string, unknown>): OtlpKeyValue[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

export const TRACE_ID = "5b8efff798038103d269b633813fc60c";
export const ROOT_SPAN_ID = "eee19b7ec3c1b174";
export const CHILD_SPAN_ID = "eee19b7ec3c1b175";

/** 2025-07-01T12:00:00.000Z in nanoseconds, as the JSON encoding sends it. */
export const T0_NANOS = "1751371200000000000";
export const T0 = new Date("2025-07-01T12:00:00.000Z");

export function nanosAfter(ms: number): string {
  return (BigInt(T0_NANOS) + BigInt(ms) * BigInt(1_000_000)).toString();
}

export interface SpanSpec {
  name?: string;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  attributes?: Record<string, unknown>;
  events?: { name: string; attributes?: Record<string, unknown>; atMs?: number }[];
  status?: { code?: number; message?: string };
  startMs?: number;
  durationMs?: number;
}

export function span(spec: SpanSpec = {}): OtlpSpan {
  const start = spec.startMs ?? 0;
  const events: OtlpEvent[] = (spec.events ?? []).map((e) => ({
    name: e.name,
    timeUnixNano: nanosAfter(e.atMs ?? start),
    attributes: toKeyValues(e.attributes ?? {}),
  }));
  return {
    traceId: spec.traceId ?? TRACE_ID,
    spanId: spec.spanId ?? ROOT_SPAN_ID,
    parentSpanId: spec.parentSpanId ?? "",
    name: spec.name ?? "span",
    kind: 3,
    startTimeUnixNano: nanosAfter(start),
    endTimeUnixNano: nanosAfter(start + (spec.durationMs ?? 100)),
    attributes: toKeyValues(spec.attributes ?? {}),
    events,
    status: spec.status ?? { code: 0 },
  };
}

export function resourceSpans(
  spans: OtlpSpan[],
  resource: Record<string, unknown> = { "service.name": "test-app" },
  scope: { name: string; version?: string } = { name: "test-scope", version: "1.0.0" },
): OtlpResourceSpans[] {
  return [{ resource: { attributes: toKeyValues(resource) }, scopeSpans: [{ scope, spans }] }];
}
