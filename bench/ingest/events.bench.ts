// Batch ingestion of product events through lib/ingest (validation + idempotent insert + the batch's end-user upsert
// and profile-refresh request) against a plain multi-row INSERT of the same rows in the same run. Uses DATABASE_URL (PostgreSQL) when set, else in-memory PGlite.
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { ingestBatch } from "@/lib/ingest/batch";
import { events } from "@/db/schema";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 50_000);
const BATCH = 1000;

function item(i: number, prefix: string) {
  return {
    id: `${prefix}-${i}`,
    type: "event",
    timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    body: { name: i % 5 ? "message_sent" : "session_started", userId: `u${i % 5000}`, sessionId: `s${i % 20000}`, properties: { latencyMs: i % 3000 } },
  };
}


export default async function eventsIngestBench() {
  const handle = await openScratchDb("events");
  const org = await ensureOrganization(handle.db, "bench");
  const project = await ensureProject(handle.db, org.id, "bench");

  // Batches alternate between the two paths so warm-up and drift hit both equally.
  let baselineMs = 0;
  let ingestMs = 0;
  for (let start = 0; start < TOTAL; start += BATCH) {
    const raw = Array.from({ length: BATCH }, (_, k) => item(start + k, "raw"));
    const t0 = performance.now();
    await handle.db.insert(events).values(
      raw.map((r) => ({ projectId: project.id, id: r.id, name: r.body.name, userId: r.body.userId, sessionId: r.body.sessionId, timestamp: new Date(r.timestamp), properties: r.body.properties })),
    );
    baselineMs += performance.now() - t0;
    const t1 = performance.now();
    const result = await ingestBatch(handle.db, project.id, { batch: Array.from({ length: BATCH }, (_, k) => item(start + k, "api")) });
    ingestMs += performance.now() - t1;
    if (result.errors.length) throw new Error(result.errors[0].message);
  }
  await handle.close();
  return {
    driver: handle.driver,
    events: TOTAL,
    baselineRawInsertPerSec: Math.round(TOTAL / (baselineMs / 1000)),
    ingestPerSec: Math.round(TOTAL / (ingestMs / 1000)),
    ratioToBaseline: Number((baselineMs / ingestMs).toFixed(3)),
    peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}
