import { route } from "@/lib/http/route";
import { ingestBatch, ingestBatchBodySchema } from "@/lib/ingest/batch";
import { ingestResponseInit } from "@/lib/ingest/response-status";
import { requestSentimentAfterBatch } from "@/lib/sentiment/jobs";

const MAX_INGEST_BYTES = 3_500_000;

/** Batch ingestion: `{ batch: [{ id, type, timestamp, body }] }` → 207 with per-item results (503 when nothing was stored because the database is unavailable). */
export const POST = route(
  {
    access: "apiKey",
    body: ingestBatchBodySchema,
    maxBytes: MAX_INGEST_BYTES,
    allowNul: true,
    rateLimit: { name: "ingest", limit: 600, windowMs: 60_000, message: "Ingestion rate limit exceeded." },
  },
  async ({ db, apiKey, body }) => {
    const result = await ingestBatch(db, apiKey.projectId, body);
    await requestSentimentAfterBatch(db, apiKey.projectId, body.batch, result.successes.length);
    return Response.json(result, ingestResponseInit(result));
  },
);
