import { route } from "@/lib/http/route";
import { ingestBatch, ingestBatchBodySchema } from "@/lib/ingest/batch";

const MAX_INGEST_BYTES = 3_500_000;

/** Batch ingestion: `{ batch: [{ id, type, timestamp, body }] }` → 207 with per-item results. */
export const POST = route(
  {
    access: "apiKey",
    body: ingestBatchBodySchema,
    maxBytes: MAX_INGEST_BYTES,
    rateLimit: { name: "ingest", limit: 600, windowMs: 60_000, message: "Ingestion rate limit exceeded." },
  },
  async ({ db, apiKey, body }) => Response.json(await ingestBatch(db, apiKey.projectId, body), { status: 207 }),
);
