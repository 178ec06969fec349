// OTLP ResourceSpans batch → Prism observation records plus per-trace upserts.

import { flattenAttributes, readString, setAttribute } from "./attributes";
import { SERVICE_NAME, SERVICE_VERSION } from "./conventions/keys";
import { normaliseTraceId } from "./ids";
import { mapSpan, type MappedSpan, type SpanOrigin } from "./map-span";
import type { Masker } from "../masking";
import type { OtlpResourceSpans } from "./types";
import { shouldKeepTrace } from "../sampling";
import type { Attributes, ObservationRecord, TraceUpsert } from "../types";

export interface MapContext {
  /** Environment when neither the span nor its resource names one. */
  defaultEnvironment?: string;
  /** Start time for spans that lack one (defaults to now). */
  receivedAt?: Date;
  /** Keep this fraction of traces, decided by trace id; the rest come back as `sampledOut` (for summary rows). */
  sampleRate?: number;
  /** Applied to every record and trace metadata as they are produced. */
  masker?: Masker;
}

export interface MappedBatch {
  traces: TraceUpsert[];
  observations: ObservationRecord[];
  /**
   * The traces sampling left out, mapped all the same (unmasked: only their totals, times, levels, models and users
   * are stored, as summary rows, so costs and monitoring stay exact; their payloads are dropped).
   */
  sampledOut: { traces: TraceUpsert[]; observations: ObservationRecord[] };
  dropped: {
    /** Spans of traces not selected by sampling. */
    sampled: number;
    /** Spans without a usable trace or span id. */
    invalid: number;
  };
}

export const DEFAULT_ENVIRONMENT = "default";

function mergeTrace(
  traces: Map<string, TraceUpsert>,
  mapped: MappedSpan,
  resourceRelease: string | null,
  serviceName: string | null,
): void {
  const r = mapped.record;
  const isRoot = r.parentObservationId === null;
  let t = traces.get(r.traceId);
  if (t === undefined) {
    t = {
      id: r.traceId,
      name: null,
      userId: null,
      sessionId: null,
      environment: r.environment,
      release: null,
      version: null,
      tags: [],
      timestamp: r.startTime,
      hasRoot: false,
      metadata: {},
    };
    traces.set(r.traceId, t);
  }
  if (isRoot) {
    t.hasRoot = true;
    t.timestamp = r.startTime;
    t.environment = r.environment;
    t.name = mapped.traceName ?? t.name ?? r.name;
  } else {
    if (mapped.traceName !== null) t.name ??= mapped.traceName;
    if (!t.hasRoot && r.startTime < t.timestamp) t.timestamp = r.startTime;
  }
  t.userId ??= r.userId;
  t.sessionId ??= r.sessionId;
  t.release ??= mapped.release ?? resourceRelease;
  t.version ??= mapped.version;
  for (const tag of r.tags) if (!t.tags.includes(tag)) t.tags.push(tag);
  if (serviceName !== null && t.metadata[SERVICE_NAME] === undefined) t.metadata[SERVICE_NAME] = serviceName;
  if (mapped.traceMetadata !== null) {
    for (const k in mapped.traceMetadata) {
      if (t.metadata[k] === undefined) setAttribute(t.metadata, k, mapped.traceMetadata[k]);
    }
  }
}

export function mapResourceSpans(
  resourceSpans: readonly OtlpResourceSpans[] | null | undefined,
  ctx: MapContext = {},
): MappedBatch {
  const observations: ObservationRecord[] = [];
  const traces = new Map<string, TraceUpsert>();
  const sampledOut = { traces: new Map<string, TraceUpsert>(), observations: [] as ObservationRecord[] };
  const dropped = { sampled: 0, invalid: 0 };
  const fallbackTime = ctx.receivedAt ?? new Date();
  const sampleRate = ctx.sampleRate ?? 1;
  const masker = ctx.masker;
  // Spans of one trace are usually adjacent: remember the last decision.
  let lastTraceId: string | null = null;
  let lastKeep = true;

  for (const rs of resourceSpans ?? []) {
    if (rs == null) continue;
    const resourceAttributes = flattenAttributes(rs.resource?.attributes);
    const serviceName = readString(resourceAttributes, SERVICE_NAME) ?? null;
    const resourceRelease = readString(resourceAttributes, SERVICE_VERSION) ?? null;

    for (const ss of rs.scopeSpans ?? []) {
      if (ss == null || !ss.spans) continue;
      const shared: Attributes = { resource: resourceAttributes };
      const scopeName = ss.scope?.name;
      if (typeof scopeName === "string" && scopeName.length > 0) {
        const scope: Attributes = { name: scopeName };
        if (typeof ss.scope?.version === "string" && ss.scope.version.length > 0) scope.version = ss.scope.version;
        const scopeAttributes = ss.scope?.attributes;
        if (scopeAttributes && scopeAttributes.length > 0) scope.attributes = flattenAttributes(scopeAttributes);
        shared.scope = scope;
      }
      const origin: SpanOrigin = {
        resourceAttributes,
        sharedMetadata: shared,
        defaultEnvironment: ctx.defaultEnvironment ?? DEFAULT_ENVIRONMENT,
      };

      for (const span of ss.spans) {
        if (span == null) continue;
        const traceId = normaliseTraceId(span.traceId);
        if (traceId === null) {
          dropped.invalid++;
          continue;
        }
        if (sampleRate < 1) {
          if (traceId !== lastTraceId) {
            lastTraceId = traceId;
            lastKeep = shouldKeepTrace(traceId, sampleRate);
          }
        }
        const mapped = mapSpan(span, traceId, origin, fallbackTime);
        if (mapped === null) {
          dropped.invalid++;
          continue;
        }
        if (!lastKeep) {
          dropped.sampled++;
          sampledOut.observations.push(mapped.record);
          mergeTrace(sampledOut.traces, mapped, resourceRelease, serviceName);
          continue;
        }
        if (masker) mapped.record = masker.maskObservation(mapped.record);
        observations.push(mapped.record);
        mergeTrace(traces, mapped, resourceRelease, serviceName);
      }
    }
  }

  const traceList = Array.from(traces.values());
  if (masker) {
    for (const t of traceList) t.metadata = masker.maskAttributes(t.metadata);
  }
  return { traces: traceList, observations, sampledOut: { traces: [...sampledOut.traces.values()], observations: sampledOut.observations }, dropped };
}
