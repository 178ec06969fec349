// Item types of the batch API (POST /api/v1/ingest) for tracing:
//   trace-create        creates or merges a trace (body.id, default: the item id)
//   observation-create  creates or merges an observation (span, generation, tool, ...) of body.traceId
//   observation-update  merges into an existing observation (end time, output, usage, level...)
//   score-create        a score of a trace or observation (body.id, default: the item id)
// The item id is the idempotency key; the project's sampling, masking and prices apply exactly as for OTLP
// (items of a sampled-out trace are accepted and not stored). Trace and observation items are accepted into the
// staging table like OTLP spans (./pipeline.ts); an update finds its observation whether stored or still staged.

import { z } from "zod";
import type { IngestType, ItemRefusal } from "@/lib/ingest/types";
import { costUsd, eventTime, tokenCount } from "@/lib/ingest/fields";
import { DEFAULT_ENVIRONMENT } from "../otlp/map-resource-spans";
import { applyComputedCosts } from "../pricing/cost";
import { OBSERVATION_LEVELS, OBSERVATION_TYPES, type Attributes, type AttributeValue, type ObservationRecord } from "../types";
import { observationRow, traceRow, type TraceRow } from "../store/rows";
import { insertScores, scoreInputSchema, scoreRow } from "../store/scores";
import { getIngestConfig } from "../store/ingest-config";
import { observationHeads } from "../store/staging";
import { acceptTraceRows } from "./pipeline";

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
  return { projectId, id: r.traceId, timestamp: r.startTime, hasRoot: false, environment: r.environment, tags: [], metadata: {} };
}

export const traceCreateIngestType: IngestType<z.infer<typeof traceBody>> = {
  type: "trace-create",
  body: traceBody,
  async write(db, projectId, items) {
    const { masker, keeps } = await getIngestConfig(db, projectId);
    const kept = items.filter(({ id: itemId, body }) => keeps(body.id ?? itemId));
    const rows = kept.map(({ id: itemId, timestamp, body }) =>
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
      }),
    );
    await acceptTraceRows(db, projectId, rows, []);
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
    const records = items
      .filter(({ id: itemId, body }) => !refused.has(itemId) && keeps(body.traceId))
      .map(({ id: itemId, timestamp, body }) => masker.maskObservation(toRecord(body, body.id ?? itemId, body.startTime ?? timestamp)));
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

export const observationUpdateIngestType: IngestType<z.infer<typeof observationUpdateBody>> = {
  type: "observation-update",
  body: observationUpdateBody,
  async write(db, projectId, items) {
    const { masker, keeps, prices } = await getIngestConfig(db, projectId);
    items = items.filter((i) => keeps(i.body.traceId));
    if (items.length === 0) return;
    const traceIds = [...new Set(items.map((i) => i.body.traceId))];
    const existing = await observationHeads(db, projectId, traceIds);
    const known = new Map(existing.map((o) => [`${o.traceId}\u0000${o.id}`, o]));
    const failed: ItemRefusal[] = [];
    const records: ObservationRecord[] = [];
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
      const record = toRecord({ ...item.body, type: stored.type, name: stored.name, model: item.body.model ?? stored.model ?? undefined }, stored.id, stored.startTime);
      records.push(masker.maskObservation(record));
    }
    applyComputedCosts(records, { overrides: prices });
    // The merge keeps stored values wherever the update leaves a field empty.
    await acceptTraceRows(db, projectId, [], records.map((r) => observationRow(projectId, r)));
    return { failed };
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
