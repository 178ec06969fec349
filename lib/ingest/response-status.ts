// The HTTP status of a per-item ingest reply (batch items and metric points alike).

/** Seconds a client should wait before retrying a batch that could not be stored at all. */
export const INGEST_RETRY_AFTER_SECONDS = 5;

/** 207 with per-item results; 503 + Retry-After when nothing was stored because the database was unavailable. */
export function ingestResponseInit(result: { successes: unknown[]; errors: { status: number }[] }): ResponseInit {
  const unavailable = result.successes.length === 0 && result.errors.some((e) => e.status === 503);
  return unavailable ? { status: 503, headers: { "retry-after": String(INGEST_RETRY_AFTER_SECONDS) } } : { status: 207 };
}
