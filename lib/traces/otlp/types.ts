// Loose OTLP trace shapes. They cover both the OTLP/HTTP JSON encoding (hex
// ids, int64 as strings) and protobuf-decoded objects (bytes ids, Long-like
// {low, high} int64s, enums as numbers), so one mapper serves both routes.
// Fields are optional on purpose: the mapper is defensive, never trusting
// client payloads to be complete.

/** int64 as the various decoders hand it to us. */
export type OtlpInt64 = string | number | bigint | OtlpLong;

export interface OtlpLong {
  low: number;
  high: number;
  unsigned?: boolean;
}

/** Trace/span ids: hex (OTLP JSON), base64 (proto3 JSON) or raw bytes. */
export type OtlpId = string | Uint8Array;

export interface OtlpAnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: OtlpInt64 | null;
  doubleValue?: number | string | null;
  arrayValue?: { values?: OtlpAnyValue[] | null } | null;
  kvlistValue?: { values?: OtlpKeyValue[] | null } | null;
  bytesValue?: string | Uint8Array | null;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue | null;
}

export interface OtlpEvent {
  timeUnixNano?: OtlpInt64 | null;
  name?: string | null;
  attributes?: OtlpKeyValue[] | null;
}

export interface OtlpStatus {
  /** 0 unset, 1 ok, 2 error; proto3 JSON may send the enum name instead. */
  code?: number | string | null;
  message?: string | null;
}

export interface OtlpSpan {
  traceId?: OtlpId | null;
  spanId?: OtlpId | null;
  parentSpanId?: OtlpId | null;
  name?: string | null;
  kind?: number | string | null;
  startTimeUnixNano?: OtlpInt64 | null;
  endTimeUnixNano?: OtlpInt64 | null;
  attributes?: OtlpKeyValue[] | null;
  events?: OtlpEvent[] | null;
  status?: OtlpStatus | null;
}

export interface OtlpScope {
  name?: string | null;
  version?: string | null;
  attributes?: OtlpKeyValue[] | null;
}

export interface OtlpScopeSpans {
  scope?: OtlpScope | null;
  spans?: OtlpSpan[] | null;
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] | null } | null;
  scopeSpans?: OtlpScopeSpans[] | null;
}

/** Body of POST /v1/traces. */
export interface OtlpExportTraceServiceRequest {
  resourceSpans?: OtlpResourceSpans[] | null;
}
