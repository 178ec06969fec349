// The batch ingest API: validates each item on its own and hands valid chunks to the item kind that writes them.
import { z } from "zod";
import type { Db } from "@/db/client";
import { eventIngestType } from "./event-type";
import { traceIngestTypes } from "@/lib/traces/ingest/batch-types";
import { spectrumIngestTypes } from "@/lib/spectrum/store/ingest-types";
import { exposureIngestType } from "@/lib/experiments/exposure-ingest";
import type { IngestResult, IngestType } from "./types";

export type { IngestResult, IngestType };

// Later features (traces, observations, scores, sessions, turns) register their item types here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ingestTypes: IngestType<any>[] = [eventIngestType, ...traceIngestTypes, ...spectrumIngestTypes, exposureIngestType];

export const MAX_BATCH_ITEMS = 1000;

const envelopeSchema = z.object({
  id: z.string().min(1, "is required").max(200),
  type: z.string().min(1, "is required"),
  timestamp: z.coerce.date({ message: "must be an ISO-8601 date" }),
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

/** Validates each item on its own; valid items are written even when neighbours fail. */
export async function ingestBatch(db: Db, projectId: string, input: IngestBatchBody): Promise<IngestResult> {
  const result: IngestResult = { successes: [], errors: [] };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const valid = new Map<IngestType<any>, { id: string; timestamp: Date; body: unknown }[]>();
  const seen = new Set<string>();
  input.batch.forEach((raw, index) => {
    const envelope = envelopeSchema.safeParse(raw);
    const rawId = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : null;
    if (!envelope.success) {
      result.errors.push({ id: rawId, status: 400, message: `batch.${index}.${describe(envelope.error, "")}` });
      return;
    }
    const item = envelope.data;
    const kind = ingestTypes.find((t) => t.type === item.type);
    if (!kind) {
      const supported = ingestTypes.map((t) => t.type).join(", ");
      result.errors.push({ id: item.id, status: 400, message: `type: "${item.type}" is not supported (supported: ${supported})` });
      return;
    }
    const body = kind.body.safeParse(item.body);
    if (!body.success) {
      result.errors.push({ id: item.id, status: 400, message: describe(body.error, "body") });
      return;
    }
    const key = `${item.type}:${item.id}`;
    if (seen.has(key)) return void result.successes.push({ id: item.id });
    seen.add(key);
    valid.set(kind, [...(valid.get(kind) ?? []), { id: item.id, timestamp: item.timestamp, body: body.data }]);
  });
  for (const [kind, items] of valid) {
    try {
      const failed = (await kind.write(db, projectId, items))?.failed ?? [];
      const refused = new Set(failed.map((f) => f.id));
      result.successes.push(...items.filter((i) => !refused.has(i.id)).map((i) => ({ id: i.id })));
      result.errors.push(...failed);
    } catch (err) {
      console.error("[prism] ingest write failed", err);
      result.errors.push(...items.map((i) => ({ id: i.id, status: 500, message: "Could not store the item; retry later" })));
    }
  }
  return result;
}
