// A minimal protobuf decoder for opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.
// OTLP's trace schema is small and stable, so decoding it by hand avoids a protobufjs dependency and a
// generated-code step, and produces the loose shapes of otlp.ts directly (ids as bytes, int64 as bigint).
// Unknown fields are skipped, as protobuf requires; malformed input throws OtlpDecodeError.

import type {
  OtlpAnyValue,
  OtlpEvent,
  OtlpExportTraceServiceRequest,
  OtlpKeyValue,
  OtlpLong,
  OtlpResourceSpans,
  OtlpScope,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpStatus,
} from "./types";

export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OtlpDecodeError";
  }
}

const utf8 = new TextDecoder("utf-8");

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
    // One DataView per request, shared by every nested message.
    readonly view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
  ) {
    this.pos = start;
  }

  varint(): number {
    // Values we read as numbers (tags, lengths, enums, small counts) fit in 2^53.
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OtlpDecodeError("truncated varint");
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * multiplier;
      if (b < 0x80) return result;
      multiplier *= 128;
    }
    throw new OtlpDecodeError("varint too long");
  }

  varint64(): bigint {
    let result = BigInt(0);
    let shift = BigInt(0);
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OtlpDecodeError("truncated varint");
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, result);
      shift += BigInt(7);
    }
    throw new OtlpDecodeError("varint too long");
  }

  /** As a Long-like {low, high}: time.ts converts it to milliseconds without BigInt. */
  fixed64(): OtlpLong {
    if (this.pos + 8 > this.end) throw new OtlpDecodeError("truncated fixed64");
    const low = this.view.getUint32(this.pos, true);
    const high = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return { low, high, unsigned: true };
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new OtlpDecodeError("truncated double");
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A length-delimited field: returns [start, end) and advances past it. */
  span(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    const end = start + len;
    if (end > this.end) throw new OtlpDecodeError("length-delimited field runs past its message");
    this.pos = end;
    return [start, end];
  }

  bytes(): Uint8Array {
    const [s, e] = this.span();
    return this.buf.subarray(s, e);
  }

  string(): string {
    const [s, e] = this.span();
    return utf8.decode(this.buf.subarray(s, e));
  }

  sub(): Reader {
    const [s, e] = this.span();
    return new Reader(this.buf, s, e, this.view);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint64();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.span();
        return;
      case 5:
        this.pos += 4;
        break;
      default:
        throw new OtlpDecodeError(`unsupported wire type ${wireType}`);
    }
    if (this.pos > this.end) throw new OtlpDecodeError("truncated field");
  }
}

/** Iterates the fields of a message: calls `field(number, wireType)`, which must consume or skip it. */
function readMessage(r: Reader, field: (no: number, wire: number) => boolean): void {
  while (r.pos < r.end) {
    const tag = r.varint();
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (!field(no, wire)) r.skip(wire);
  }
}

function anyValue(r: Reader): OtlpAnyValue {
  const v: OtlpAnyValue = {};
  readMessage(r, (no, wire) => {
    if (no === 1 && wire === 2) v.stringValue = r.string();
    else if (no === 2 && wire === 0) v.boolValue = r.varint() !== 0;
    else if (no === 3 && wire === 0) v.intValue = r.varint64();
    else if (no === 4 && wire === 1) v.doubleValue = r.double();
    else if (no === 5 && wire === 2) {
      const values: OtlpAnyValue[] = [];
      const sub = r.sub();
      readMessage(sub, (n, w) => (n === 1 && w === 2 ? (values.push(anyValue(sub.sub())), true) : false));
      v.arrayValue = { values };
    } else if (no === 6 && wire === 2) {
      const values: OtlpKeyValue[] = [];
      const sub = r.sub();
      readMessage(sub, (n, w) => (n === 1 && w === 2 ? (values.push(keyValue(sub.sub())), true) : false));
      v.kvlistValue = { values };
    } else if (no === 7 && wire === 2) v.bytesValue = r.bytes();
    else return false;
    return true;
  });
  return v;
}

function keyValue(r: Reader): OtlpKeyValue {
  const kv: OtlpKeyValue = { key: "" };
  readMessage(r, (no, wire) => {
    if (no === 1 && wire === 2) kv.key = r.string();
    else if (no === 2 && wire === 2) kv.value = anyValue(r.sub());
    else return false;
    return true;
  });
  return kv;
}

function event(r: Reader): OtlpEvent {
  const e: OtlpEvent = { attributes: [] };
  readMessage(r, (no, wire) => {
    if (no === 1 && wire === 1) e.timeUnixNano = r.fixed64();
    else if (no === 2 && wire === 2) e.name = r.string();
    else if (no === 3 && wire === 2) e.attributes!.push(keyValue(r.sub()));
    else return false;
    return true;
  });
  return e;
}

function status(r: Reader): OtlpStatus {
  const s: OtlpStatus = {};
  readMessage(r, (no, wire) => {
    if (no === 2 && wire === 2) s.message = r.string();
    else if (no === 3 && wire === 0) s.code = r.varint();
    else return false;
    return true;
  });
  return s;
}

function span(r: Reader): OtlpSpan {
  const s: OtlpSpan = { attributes: [], events: [] };
  readMessage(r, (no, wire) => {
    if (no === 1 && wire === 2) s.traceId = r.bytes();
    else if (no === 2 && wire === 2) s.spanId = r.bytes();
    else if (no === 4 && wire === 2) s.parentSpanId = r.bytes();
    else if (no === 5 && wire === 2) s.name = r.string();
    else if (no === 6 && wire === 0) s.kind = r.varint();
    else if (no === 7 && wire === 1) s.startTimeUnixNano = r.fixed64();
    else if (no === 8 && wire === 1) s.endTimeUnixNano = r.fixed64();
    else if (no === 9 && wire === 2) s.attributes!.push(keyValue(r.sub()));
    else if (no === 11 && wire === 2) s.events!.push(event(r.sub()));
    else if (no === 15 && wire === 2) s.status = status(r.sub());
    else return false;
    return true;
  });
  return s;
}

function scope(r: Reader): OtlpScope {
  const s: OtlpScope = { attributes: [] };
  readMessage(r, (no, wire) => {
    if (no === 1 && wire === 2) s.name = r.string();
    else if (no === 2 && wire === 2) s.version = r.string();
    else if (no === 3 && wire === 2) s.attributes!.push(keyValue(r.sub()));
    else return false;
    return true;
  });
  return s;
}

function scopeSpans(r: Reader): OtlpScopeSpans {
  const ss: OtlpScopeSpans = { spans: [] };
  readMessage(r, (no, wire) => {
    if (no === 1 && wire === 2) ss.scope = scope(r.sub());
    else if (no === 2 && wire === 2) ss.spans!.push(span(r.sub()));
    else return false;
    return true;
  });
  return ss;
}

function resourceSpans(r: Reader): OtlpResourceSpans {
  const rs: OtlpResourceSpans = { scopeSpans: [] };
  readMessage(r, (no, wire) => {
    if (no === 1 && wire === 2) {
      const attributes: OtlpKeyValue[] = [];
      const sub = r.sub();
      readMessage(sub, (n, w) => (n === 1 && w === 2 ? (attributes.push(keyValue(sub.sub())), true) : false));
      rs.resource = { attributes };
    } else if (no === 2 && wire === 2) rs.scopeSpans!.push(scopeSpans(r.sub()));
    else return false;
    return true;
  });
  return rs;
}

/** Decodes a binary ExportTraceServiceRequest. */
export function decodeExportTraceServiceRequest(bytes: Uint8Array): OtlpExportTraceServiceRequest {
  const r = new Reader(bytes, 0, bytes.length);
  const out: OtlpResourceSpans[] = [];
  readMessage(r, (no, wire) => (no === 1 && wire === 2 ? (out.push(resourceSpans(r.sub())), true) : false));
  return { resourceSpans: out };
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/**
 * Encodes an ExportTraceServiceResponse. An empty message means full success; a partial success carries
 * the number of rejected spans and a message.
 */
export function encodeExportTraceServiceResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  if (rejectedSpans === 0 && errorMessage === "") return new Uint8Array(0);
  const msg = new TextEncoder().encode(errorMessage);
  const inner: number[] = [];
  if (rejectedSpans > 0) inner.push(0x08, ...varintBytes(rejectedSpans));
  if (msg.length > 0) inner.push(0x12, ...varintBytes(msg.length), ...msg);
  return Uint8Array.from([0x0a, ...varintBytes(inner.length), ...inner]);
}
