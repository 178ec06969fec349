// Decoding of an OTLP/HTTP request body: gzip or identity, protobuf or JSON.

import { gunzipSync } from "node:zlib";
import type { OtlpExportTraceServiceRequest } from "./types";
import { decodeExportTraceServiceRequest, OtlpDecodeError } from "./protobuf";

export type OtlpEncoding = "protobuf" | "json";

export class OtlpBodyError extends Error {
  constructor(
    readonly kind: "too_large" | "invalid" | "unsupported",
    message: string,
  ) {
    super(message);
    this.name = "OtlpBodyError";
  }
}

/** Which OTLP encoding a Content-Type names; null when it names neither. */
export function otlpEncodingOf(contentType: string | null): OtlpEncoding | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

/**
 * Decodes a request body. `maxBytes` bounds both the received and the decompressed size, so a small
 * gzip bomb cannot expand into memory.
 */
export function decodeOtlpBody(
  raw: Uint8Array,
  encoding: OtlpEncoding,
  contentEncoding: string | null,
  maxBytes: number,
): OtlpExportTraceServiceRequest {
  if (raw.byteLength > maxBytes) throw new OtlpBodyError("too_large", `Body exceeds ${maxBytes} bytes`);
  let bytes = raw;
  const ce = (contentEncoding ?? "identity").trim().toLowerCase();
  if (ce === "gzip") {
    try {
      bytes = gunzipSync(raw, { maxOutputLength: maxBytes });
    } catch (err) {
      if (err instanceof RangeError || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new OtlpBodyError("too_large", `Decompressed body exceeds ${maxBytes} bytes`);
      }
      throw new OtlpBodyError("invalid", "Body is not valid gzip");
    }
  } else if (ce !== "identity" && ce !== "") {
    throw new OtlpBodyError("unsupported", `Content-Encoding "${ce}" is not supported (use gzip or none)`);
  }
  if (encoding === "protobuf") {
    try {
      return decodeExportTraceServiceRequest(bytes);
    } catch (err) {
      if (err instanceof OtlpDecodeError) throw new OtlpBodyError("invalid", `Body is not a valid ExportTraceServiceRequest: ${err.message}`);
      throw err;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new OtlpBodyError("invalid", "Body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new OtlpBodyError("invalid", "body: must be an ExportTraceServiceRequest object");
  }
  const rs = (parsed as { resourceSpans?: unknown }).resourceSpans;
  if (rs !== undefined && rs !== null && !Array.isArray(rs)) {
    throw new OtlpBodyError("invalid", "resourceSpans: must be an array");
  }
  return parsed as OtlpExportTraceServiceRequest;
}
