import { route } from "@/lib/http/route";
import { AppError } from "@/lib/errors";
import { decodeOtlpBody, OtlpBodyError, otlpEncodingOf } from "@/lib/traces/otlp/body";
import { ingestOtlpRequest } from "@/lib/traces/otlp/ingest";
import { assertIngestCapacity } from "@/lib/traces/ingest/pipeline";
import { encodeExportTraceServiceResponse } from "@/lib/traces/otlp/protobuf";
import { requestSentimentAnalysis } from "@/lib/sentiment/jobs";

/** Bounds the received body (while streaming) and, when gzipped, its decompressed size. */
const MAX_OTLP_BYTES = 10_000_000;

/**
 * OTLP/HTTP trace export (`application/x-protobuf` or `application/json`, gzip or not). Replies with an
 * ExportTraceServiceResponse in the request's encoding once the spans are durably accepted (readable after the
 * merge, lib/traces/ingest/pipeline.ts); spans without usable ids are counted as rejected; 429 + Retry-After while
 * the ingest backlog is over its bound.
 */
export const POST = route(
  {
    access: "apiKey",
    rawBody: true,
    maxBytes: MAX_OTLP_BYTES,
    rateLimit: { name: "otel", limit: 600, windowMs: 60_000, message: "Trace export rate limit exceeded." },
    // The content type is checked before the body is read.
    contentType: (type) => otlpEncodingOf(type) !== null || "content-type: must be application/x-protobuf or application/json",
  },
  async ({ req, db, apiKey, bytes }) => {
    await assertIngestCapacity(db);
    const encoding = otlpEncodingOf(req.headers.get("content-type"))!;
    let request;
    try {
      request = decodeOtlpBody(bytes, encoding, req.headers.get("content-encoding"), MAX_OTLP_BYTES);
    } catch (err) {
      if (err instanceof OtlpBodyError) throw new AppError(err.kind === "too_large" ? "payload_too_large" : "invalid_request", err.message);
      throw err;
    }
    const result = await ingestOtlpRequest(db, apiKey.projectId, request);
    if (result.observations > 0) await requestSentimentAnalysis(db, apiKey.projectId);
    const message = result.rejectedSpans > 0 ? `${result.rejectedSpans} span(s) were rejected: invalid traceId/spanId, a time outside 2000-01-01 .. now + 1 day, an end before the start, or a user id, session id or model over 1,000 bytes (the whole trace)` : "";
    if (encoding === "protobuf") {
      const body = encodeExportTraceServiceResponse(result.rejectedSpans, message);
      return new Response(body as BodyInit, { status: 200, headers: { "content-type": "application/x-protobuf" } });
    }
    return Response.json(result.rejectedSpans > 0 ? { partialSuccess: { rejectedSpans: String(result.rejectedSpans), errorMessage: message } } : {});
  },
);
