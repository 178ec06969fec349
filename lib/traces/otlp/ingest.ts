// OTLP export request → stored traces and observations.

import type { Db } from "@/db/client";
import { mapResourceSpans } from "./map-resource-spans";
import { createMasker, type Masker } from "../masking";
import type { OtlpExportTraceServiceRequest } from "./types";
import { applyComputedCosts } from "../pricing/cost";
import type { ModelPrice } from "../pricing/types";
import { observationRow, traceRow } from "../store/rows";
import { writeTraceData } from "../store/write";
import { getIngestConfig } from "../store/ingest-config";
import { describeFailure } from "@/lib/errors/log-safe";
import { isPermanentFailure } from "@/lib/ingest/store-failure";
import { addSighting, type Sightings } from "@/lib/users/sightings";
import { recordUserActivity } from "@/lib/users/activity";

/** Explicit options win; anything left out comes from the project's tracing settings (cached, see store/ingest-config.ts). */
export interface TraceIngestOptions {
  /** Fraction of traces kept, decided by trace id (deterministic across batches). */
  sampleRate?: number;
  /** The project's masker (built-in rules unless configured otherwise). */
  masker?: Masker;
  /** Project price overrides, on top of the built-in price list. */
  prices?: readonly ModelPrice[];
  receivedAt?: Date;
}

export interface TraceIngestResult {
  traces: number;
  observations: number;
  /** Spans without usable ids or times (outside the accepted window, or ending before they start). */
  rejectedSpans: number;
  /** Spans of traces left out by sampling. */
  sampledOutSpans: number;
}

let builtinMasker: Masker | undefined;
/** The built-in rules, compiled once (a pure value, safe to share). */
export function defaultMasker(): Masker {
  builtinMasker ??= createMasker({});
  return builtinMasker;
}

/** Stores the request's traces, then records the end users they carry (first/last seen, profile refresh). */
export async function ingestOtlpRequest(
  db: Db,
  projectId: string,
  request: OtlpExportTraceServiceRequest,
  options: TraceIngestOptions = {},
): Promise<TraceIngestResult> {
  const seen: Sightings = new Map();
  const result = await writeOtlpRequest(db, projectId, request, options, seen);
  await recordUserActivity(db, projectId, seen);
  return result;
}

async function writeOtlpRequest(
  db: Db,
  projectId: string,
  request: OtlpExportTraceServiceRequest,
  options: TraceIngestOptions,
  seen: Sightings,
): Promise<TraceIngestResult> {
  const needsProject = options.sampleRate === undefined || options.masker === undefined || options.prices === undefined;
  const project = needsProject ? await getIngestConfig(db, projectId) : undefined;
  const batch = mapResourceSpans(request.resourceSpans, {
    sampleRate: options.sampleRate ?? project?.sampleRate ?? 1,
    masker: options.masker ?? project?.masker ?? defaultMasker(),
    receivedAt: options.receivedAt,
  });
  applyComputedCosts(batch.observations, { overrides: options.prices ?? project?.prices });
  const traceRows = batch.traces.map((t) => traceRow(projectId, t));
  for (const t of traceRows) addSighting(seen, t.userId, t.timestamp);
  const observationRows = batch.observations.map((r) => observationRow(projectId, r));
  try {
    const written = await writeTraceData(db, traceRows, observationRows);
    return { ...written, rejectedSpans: batch.dropped.invalid, sampledOutSpans: batch.dropped.sampled };
  } catch (err) {
    if (!isPermanentFailure(err)) throw err;
  }
  // The database refused a value: write trace by trace (each atomic) so only the traces holding it are rejected.
  const result = { traces: 0, observations: 0, rejectedSpans: batch.dropped.invalid, sampledOutSpans: batch.dropped.sampled };
  const spansByTrace = new Map<string, typeof observationRows>();
  for (const o of observationRows) spansByTrace.set(o.traceId, [...(spansByTrace.get(o.traceId) ?? []), o]);
  for (const tr of traceRows) {
    const spans = spansByTrace.get(tr.id) ?? [];
    try {
      const written = await writeTraceData(db, [tr], spans);
      result.traces += written.traces;
      result.observations += written.observations;
    } catch (err) {
      if (!isPermanentFailure(err)) throw err;
      console.error(`[prism] OTLP trace refused: trace=${tr.id} spans=${spans.length} error=${describeFailure(err)}`);
      result.rejectedSpans += spans.length;
    }
  }
  return result;
}
