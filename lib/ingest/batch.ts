// The batch ingest API: validates each item on its own and hands valid chunks to the item kind that writes them.
import { z } from "zod";
import type { Db } from "@/db/client";
import { eventIngestType } from "./event-type";
import { eventTime } from "./fields";
import { writeIsolated } from "./write-isolated";
import { stagedItemTypes, traceIngestTypes } from "@/lib/traces/ingest/batch-types";
import { assertIngestCapacity } from "@/lib/traces/ingest/pipeline";
import { spectrumIngestTypes } from "@/lib/spectrum/store/ingest-types";
import { exposureIngestType } from "@/lib/experiments/exposure-ingest";
import { identifyIngestType } from "@/lib/users/identify-type";
import { interactionIngestType, itemIngestType, personalizationIngestTypes } from "@/lib/personalization/store/ingest-types";
import { sightingsOfItems } from "@/lib/users/sightings";
import { recordUserActivity } from "@/lib/users/activity";
import type { IngestResult, IngestType } from "./types";
import { recordIngestItems } from "@/lib/metrics";

export type { IngestResult, IngestType };

// Later features (traces, observations, scores, sessions, turns) register their item types here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ingestTypes: IngestType<any>[] = [eventIngestType, ...traceIngestTypes, ...spectrumIngestTypes, exposureIngestType, identifyIngestType, ...personalizationIngestTypes];

export const MAX_BATCH_ITEMS = 1000;

const envelopeSchema = z.object({
  id: z.string().min(1, "is required").max(200),
  type: z.string().min(1, "is required"),
  timestamp: eventTime,
  body: z.record(z.string(), z.unknown()),
});

/** The envelope of `POST /api/v1/ingest`; items are validated one by one so a bad item fails alone. */
export const ingestBatchBodySchema = z.object({
  batch: z.array(z.unknown()).min(1, "must contain at least one item").max(MAX_BATCH_ITEMS, `must have at most ${MAX_BATCH_ITEMS} items`),
});

export type IngestBatchBody = z.output<typeof ingestBatchBodySchema>;

function describe(error: z.ZodError, prefix: string) {
  const issue = error.issues[0];
  return `${[prefix, ...issue.path].filter(Boolean).join(".")}: ${issue.message}`;
}

/** Kinds in order of first appearance, except that catalog items go before the interactions that may name them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function inWriteOrder<T>(valid: Map<IngestType<any>, T>) {
  const entries = [...valid];
  const item = entries.findIndex(([kind]) => kind === itemIngestType);
  const interaction = entries.findIndex(([kind]) => kind === interactionIngestType);
  if (interaction >= 0 && item > interaction) entries.splice(interaction, 0, entries.splice(item, 1)[0]);
  return entries;
}

/**
 * Validates each item on its own; valid items are written even when neighbours fail. A batch with trace items is
 * refused whole (429) while the trace ingest backlog is over its bound, before anything is stored.
 */
export async function ingestBatch(db: Db, projectId: string, input: IngestBatchBody): Promise<IngestResult> {
  if (input.batch.some((raw) => stagedItemTypes.has(String((raw as { type?: unknown })?.type)))) await assertIngestCapacity(db);
  const result: IngestResult = { successes: [], errors: [] };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const valid = new Map<IngestType<any>, { id: string; timestamp: Date; body: unknown }[]>();
  const seen = new Set<string>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const duplicates = new Map<IngestType<any>, string[]>();
  input.batch.forEach((raw, index) => {
    const envelope = envelopeSchema.safeParse(raw);
    const rawId = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : null;
    if (!envelope.success) {
      result.errors.push({ id: rawId, status: 400, message: `batch.${index}.${describe(envelope.error, "")}` });
      recordIngestItems("unknown", "invalid", 1);
      return;
    }
    const item = envelope.data;
    const kind = ingestTypes.find((t) => t.type === item.type);
    if (!kind) {
      const supported = ingestTypes.map((t) => t.type).join(", ");
      result.errors.push({ id: item.id, status: 400, message: `type: "${item.type}" is not supported (supported: ${supported})` });
      recordIngestItems("unknown", "invalid", 1);
      return;
    }
    const body = kind.body.safeParse(item.body);
    if (!body.success) {
      result.errors.push({ id: item.id, status: 400, message: describe(body.error, "body") });
      recordIngestItems(kind.type, "invalid", 1);
      return;
    }
    const key = `${item.type}:${item.id}`;
    if (seen.has(key)) return void duplicates.get(kind)!.push(item.id);
    seen.add(key);
    if (!duplicates.has(kind)) duplicates.set(kind, []);
    valid.set(kind, [...(valid.get(kind) ?? []), { id: item.id, timestamp: item.timestamp, body: body.data }]);
  });
  const accepted: { timestamp: Date; body: unknown }[] = [];
  for (const [kind, items] of inWriteOrder(valid)) {
    const errorsBefore = result.errors.length;
    await writeIsolated(db, projectId, kind, items, result);
    // The first copy is stored; a later copy with the same id shares its outcome and is reported as a duplicate.
    const failed = new Map(result.errors.slice(errorsBefore).map((e) => [e.id, e]));
    accepted.push(...items.filter((i) => !failed.has(i.id)));
    for (const id of duplicates.get(kind) ?? []) {
      const first = failed.get(id);
      if (first) result.errors.push({ ...first });
      else result.successes.push({ id, status: "duplicate" });
    }
  }
  // Users carried by the accepted items: created on first sight, first/last seen widened (one upsert per batch).
  await recordUserActivity(db, projectId, sightingsOfItems(accepted));
  return result;
}
