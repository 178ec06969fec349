import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { ingestBatch } from "@/lib/ingest/batch";
import { ingestResponseInit } from "@/lib/ingest/response-status";
import { getCacheStore } from "@/lib/cache/store";
import { enforceRateLimit } from "@/lib/cache/rate-limit";

const MAX_INGEST_BYTES = 3_500_000;

/** Batch ingestion: `{ batch: [{ id, type, timestamp, body }] }` → 207 with per-item results (503 when nothing was stored because the database is unavailable). */
export const POST = withApiKey(async (req, { db, apiKey }) => {
  await enforceRateLimit(await getCacheStore(), `ingest:${apiKey.apiKeyId}`, { limit: 600, windowMs: 60_000 }, "Ingestion rate limit exceeded.");
  const body = await readJson(req, MAX_INGEST_BYTES);
  const result = await ingestBatch(db, apiKey.projectId, body);
  return Response.json(result, ingestResponseInit(result));
});
