// OTLP export request → accepted (staged) traces and observations; the merge job makes them readable (../ingest/pipeline.ts).

import type { Db } from "@/db/client";
import { mapResourceSpans } from "./map-resource-spans";
import { createMasker, type Masker } from "../masking";
import type { OtlpExportTraceServiceRequest } from "./types";
import { applyComputedCosts } from "../pricing/cost";
import type { ModelPrice } from "../pricing/types";
import { observationRow, traceRow } from "../store/rows";
import { acceptTraceRows } from "../ingest/pipeline";
import { dropUnindexable } from "../ingest/indexable";
import { getIngestConfig } from "../store/ingest-config";
import { addSighting, type Sightings } from "@/lib/users/sightings";
import { recordUserActivity } from "@/lib/users/activity";
import { recordIngestItems } from "@/lib/metrics";
import { writeSampledOut } from "../store/sampled-out";

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
  /** Traces and observations accepted (durably staged). */
  traces: number;
  observations: number;
  /**
   * Spans without usable ids or times (outside the accepted window, or ending before they start), and the spans of a
   * trace holding a value too long to index (user id, session id or model over 1,000 bytes).
   */
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
  const prices = options.prices ?? project?.prices;
  applyComputedCosts(batch.observations, { overrides: prices });
  // Summaries of sampled-out traces are payload-free and written directly; kept traces go through staging.
  await writeSampledOut(db, projectId, batch.sampledOut, prices);
  recordIngestItems("otel-span", "sampled_out", batch.dropped.sampled);
  const { traceRows, observationRows, rejectedSpans } = dropUnindexable(
    batch.traces.map((t) => traceRow(projectId, t)),
    batch.observations.map((r) => observationRow(projectId, r)),
  );
  for (const t of traceRows) addSighting(seen, t.userId, t.timestamp);
  await acceptTraceRows(db, projectId, traceRows, observationRows);
  return {
    traces: new Set(traceRows.map((t) => t.id)).size,
    observations: new Set(observationRows.map((o) => `${o.traceId}\u0000${o.id}`)).size,
    rejectedSpans: batch.dropped.invalid + rejectedSpans,
    sampledOutSpans: batch.dropped.sampled,
  };
}
