// Item types of the batch API (POST /api/v1/ingest) for tracing:
//   trace-create        creates or merges a trace (body.id, default: the item id)
//   observation-create  creates or merges an observation (span, generation, tool, ...) of body.traceId
//   observation-update  merges into an existing observation (end time, output, usage, level...)
//   score-create        a score of a trace or observation (body.id, default: the item id)
// The item id is the idempotency key; the project's sampling, masking and prices apply exactly as for OTLP
// (items of a sampled-out trace are accepted and kept only as payload-free summary rows, see store/sampled-out.ts;
// scores of sampled-out traces are not stored). Trace and observation items of kept traces are accepted into the
// staging table like OTLP spans (./pipeline.ts); an update finds its observation whether stored or still staged.
// Summaries of sampled-out traces are written directly at acceptance (they carry no payload and skip staging).

import { z } from "zod";
import type { Db } from "@/db/client";
import type { IngestType, ItemRefusal } from "@/lib/ingest/types";
import { costUsd, eventTime, tokenCount } from "@/lib/ingest/fields";
import { DEFAULT_ENVIRONMENT } from "../otlp/map-resource-spans";
import { applyComputedCosts } from "../pricing/cost";
import { OBSERVATION_LEVELS, OBSERVATION_TYPES, type Attributes, type AttributeValue, type ObservationRecord, type TraceUpsert } from "../types";
import { observationRow, traceRow, type TraceRow } from "../store/rows";
import { insertScores, scoreInputSchema, scoreRow } from "../store/scores";
import { writeTraceData } from "../store/write";
import { acceptTraceRows } from "./pipeline";
import { getIngestConfig } from "../store/ingest-config";
import { observationHeads as summaryObservationHeads } from "../store/observation-heads";
import { observationHeads as keptObservationHeads } from "../store/staging";
import { writeSampledOut } from "../store/sampled-out";
import { KEPT_TRACES, SAMPLED_OUT_TRACES, type TraceTables } from "../store/trace-tables";
import { recordIngestItems } from "@/lib/metrics";

/** Splits items into those of kept traces and those of traces sampling leaves out. */
function bySampling<T>(items: T[], keeps: (traceId: string) => boolean, traceIdOf: (item: T) => string): { kept: T[]; out: T[] } {
  const kept: T[] = [];
  const out: T[] = [];
  for (const item of items) (keeps(traceIdOf(item)) ? kept : out).push(item);
  return { kept, out };
}

const id = z.string().min(1, "is required").max(200);
const json = z.unknown() as z.ZodType<AttributeValue>;
const attributes = z.record(z.string(), z.unknown()) as unknown as z.ZodType<Attributes>;
const date = eventTime;
const count = tokenCount;
const usd = costUsd;

const traceBody = z.object({
  id: id.optional(),
  name: z.string().max(500).optional(),
  userId: z.string().max(200).optional(),
  sessionId: z.string().max(200).optional(),
  environment: z.string().max(100).optional(),
  release: z.string().max(200).optional(),
  version: z.string().max(200).optional(),
  tags: z.array(z.string().max(200)).max(50).optional(),
  timestamp: date.optional(),
  metadata: attributes.optional(),
});

const usage = z.object({ input: count.optional(), output: count.optional(), total: count.optional(), cacheRead: count.optional(), cacheWrite: count.optional() });
const cost = z.object({ input: usd.optional(), output: usd.optional(), cacheRead: usd.optional(), cacheWrite: usd.optional(), total: usd });

const ENDS_BEFORE_START = "must not be before startTime";

const observationFields = {
  traceId: id,
  parentObservationId: id.nullish(),
  endTime: date.optional(),
  level: z.enum(OBSERVATION_LEVELS).optional(),
  statusMessage: z.string().max(5000).optional(),
  model: z.string().max(200).optional(),
  provider: z.string().max(100).optional(),
  modelParameters: attributes.optional(),
  usage: usage.optional(),
  cost: cost.optional(),
  input: json.optional(),
  output: json.optional(),
  metadata: attributes.optional(),
};
const observationCreateBody = z.object({
  ...observationFields,
  id: id.optional(),
  type: z.enum(OBSERVATION_TYPES).default("span"),
  name: z.string().min(1, "is required").max(500),
  startTime: date.optional(),
  environment: z.string().max(100).optional(),
}).refine((b) => !b.startTime || !b.endTime || b.endTime >= b.startTime, { path: ["endTime"], message: ENDS_BEFORE_START });
const observationUpdateBody = z.object({ ...observationFields, id });

type Item<B> = { id: string; timestamp: Date; body: B };

function toRecord(b: z.infer<typeof observationCreateBody>, obsId: string, start: Date): ObservationRecord {
  return {
    id: obsId,
    traceId: b.traceId,
    parentObservationId: b.parentObservationId ?? null,
    type: b.type,
    name: b.name,
    startTime: start,
    endTime: b.endTime ?? null,
    level: b.level ?? "DEFAULT",
    statusMessage: b.statusMessage ?? null,
    model: b.model ?? null,
    provider: b.provider ?? null,
    modelParameters: b.modelParameters ?? null,
    usage: b.usage ?? null,
    cost: b.cost ?? null,
    costSource: b.cost ? "client" : null,
    priceId: null,
    input: b.input,
    output: b.output,
    metadata: b.metadata ?? {},
    events: [],
    environment: b.environment ?? DEFAULT_ENVIRONMENT,
    sessionId: null,
    userId: null,
    conversationId: null,
    tags: [],
  };
}

function stubTrace(projectId: string, r: ObservationRecord): TraceRow {
  return traceRow(projectId, stubTraceUpsert(r));
}

/** The trace an observation implies before (or without) its trace-create: no root, no name. */
function stubTraceUpsert(r: ObservationRecord): TraceUpsert {
  return { id: r.traceId, name: null, userId: null, sessionId: null, environment: r.environment, release: null, version: null, tags: [], timestamp: r.startTime, hasRoot: false, metadata: {} };
}

export const traceCreateIngestType: IngestType<z.infer<typeof traceBody>> = {
  type: "trace-create",
  body: traceBody,
  async write(db, projectId, items) {
    const { masker, keeps } = await getIngestConfig(db, projectId);
    const { kept, out } = bySampling(items, keeps, ({ id: itemId, body }) => body.id ?? itemId);
    const toRow = ({ id: itemId, timestamp, body }: (typeof items)[number]) =>
      traceRow(projectId, {
        id: body.id ?? itemId,
        name: body.name ?? null,
        userId: body.userId ?? null,
        sessionId: body.sessionId ?? null,
        environment: body.environment ?? DEFAULT_ENVIRONMENT,
        release: body.release ?? null,
        version: body.version ?? null,
        tags: body.tags ?? [],
        timestamp: body.timestamp ?? timestamp,
        // An explicit trace-create is authoritative for name, timestamp and environment.
        hasRoot: true,
        metadata: masker.maskAttributes(body.metadata ?? {}),
      });
    if (out.length > 0) await writeTraceData(db, out.map(toRow), [], SAMPLED_OUT_TRACES);
    recordIngestItems("trace-create", "sampled_out", out.length);
    await acceptTraceRows(db, projectId, kept.map(toRow), []);
  },
};

export const observationCreateIngestType: IngestType<z.infer<typeof observationCreateBody>> = {
  type: "observation-create",
  body: observationCreateBody,
  async write(db, projectId, items: Item<z.infer<typeof observationCreateBody>>[]) {
    const { masker, keeps, prices } = await getIngestConfig(db, projectId);
    // Without a startTime the item's timestamp is the start, so the end is checked against it here.
    const failed = items
      .filter(({ timestamp, body }) => !body.startTime && body.endTime && body.endTime < timestamp)
      .map(({ id: itemId }) => ({ id: itemId, code: "invalid_request" as const, message: `body.endTime: ${ENDS_BEFORE_START} (the item's timestamp)` }));
    const refused = new Set(failed.map((f) => f.id));
    const { kept, out } = bySampling(items.filter(({ id: itemId }) => !refused.has(itemId)), keeps, (i) => i.body.traceId);
    const recordOf = ({ id: itemId, timestamp, body }: (typeof items)[number]) => toRecord(body, body.id ?? itemId, body.startTime ?? timestamp);
    const sampled = out.map(recordOf);
    await writeSampledOut(db, projectId, { traces: sampled.map((r) => stubTraceUpsert(r)), observations: sampled }, prices);
    recordIngestItems("observation-create", "sampled_out", out.length);
    const records = kept.map((i) => masker.maskObservation(recordOf(i)));
    if (records.length === 0) return { failed };
    applyComputedCosts(records, { overrides: prices });
    await acceptTraceRows(
      db,
      projectId,
      records.map((r) => stubTrace(projectId, r)),
      records.map((r) => observationRow(projectId, r)),
    );
    return { failed };
  },
};

/**
 * Merges updates into the stored observations of `target`; an update of an unknown observation is refused. For kept
 * traces an observation still waiting in the staging table counts as stored.
 */
async function mergeUpdates(db: Db, projectId: string, items: Item<z.infer<typeof observationUpdateBody>>[], target: TraceTables): Promise<{ failed: ItemRefusal[]; records: ObservationRecord[] }> {
  const failed: ItemRefusal[] = [];
  const records: ObservationRecord[] = [];
  if (items.length === 0) return { failed, records };
  const traceIds = [...new Set(items.map((i) => i.body.traceId))];
  const existing = target === KEPT_TRACES ? await keptObservationHeads(db, projectId, traceIds) : await summaryObservationHeads(db, projectId, traceIds, target);
  const known = new Map(existing.map((o) => [`${o.traceId}\u0000${o.id}`, o]));
  for (const item of items) {
    const stored = known.get(`${item.body.traceId}\u0000${item.body.id}`);
    if (!stored) {
      failed.push({ id: item.id, code: "not_found", message: `body.id: observation "${item.body.id}" of trace "${item.body.traceId}" does not exist; send observation-create first` });
      continue;
    }
    if (item.body.endTime && item.body.endTime < stored.startTime) {
      failed.push({ id: item.id, code: "invalid_request", message: `body.endTime: ${ENDS_BEFORE_START} of the stored observation` });
      continue;
    }
    records.push(toRecord({ ...item.body, type: stored.type, name: stored.name, model: item.body.model ?? stored.model ?? undefined }, stored.id, stored.startTime));
  }
  return { failed, records };
}

export const observationUpdateIngestType: IngestType<z.infer<typeof observationUpdateBody>> = {
  type: "observation-update",
  body: observationUpdateBody,
  async write(db, projectId, items) {
    const { masker, keeps, prices } = await getIngestConfig(db, projectId);
    const { kept, out } = bySampling(items, keeps, (i) => i.body.traceId);
    const sampled = await mergeUpdates(db, projectId, out, SAMPLED_OUT_TRACES);
    await writeSampledOut(db, projectId, { traces: [], observations: sampled.records }, prices);
    recordIngestItems("observation-update", "sampled_out", sampled.records.length);
    const merged = await mergeUpdates(db, projectId, kept, KEPT_TRACES);
    const records = merged.records.map((r) => masker.maskObservation(r));
    applyComputedCosts(records, { overrides: prices });
    // The merge keeps stored values wherever the update leaves a field empty.
    await acceptTraceRows(db, projectId, [], records.map((r) => observationRow(projectId, r)));
    // As before summaries existed, updates of sampled-out traces are accepted: one whose observation is unknown
    // (e.g. created before sampling was turned on) changes nothing rather than failing the client's batch.
    return { failed: merged.failed };
  },
};

const scoreBody = scoreInputSchema.and(z.object({ id: id.optional(), source: z.enum(["api", "llm_judge", "code"]).optional() }));

export const scoreCreateIngestType: IngestType<z.infer<typeof scoreBody>> = {
  type: "score-create",
  body: scoreBody,
  async write(db, projectId, items) {
    const { masker, keeps } = await getIngestConfig(db, projectId);
    const kept = items.filter(({ body }) => keeps(body.traceId));
    if (kept.length === 0) return;
    await insertScores(
      db,
      kept.map(({ id: itemId, timestamp, body }) =>
        scoreRow(projectId, body.id ?? itemId, { ...body, comment: body.comment ? masker.maskString(body.comment) : body.comment }, { source: body.source ?? "api", timestamp }),
      ),
    );
  },
};

/** Item types accepted through the staging table (subject to its back-pressure). */
export const stagedItemTypes: ReadonlySet<string> = new Set([traceCreateIngestType.type, observationCreateIngestType.type, observationUpdateIngestType.type]);

export const traceIngestTypes = [traceCreateIngestType, observationCreateIngestType, observationUpdateIngestType, scoreCreateIngestType];
