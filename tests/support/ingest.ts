// Trace ingest acknowledges once a batch is staged; the merge job makes it readable (lib/traces/ingest/pipeline.ts).
// Tests that read right after ingesting wait for that the way a reader would wait for the merge: `waitForIngest`
// runs the same merge the job runs until staging is empty. The route helpers (`call`, `postOtlp`) do it after every
// successful ingest request, so a test sees what a user sees once the pipeline has caught up.
import { getDb } from "@/db/client";
import { drainIngest } from "@/lib/traces/ingest/pipeline";

const INGEST_PATHS = /^\/(api\/public\/otel\/)?v1\/(ingest|traces)(\?|$)|^\/api\/v1\/ingest(\?|$)/;

/** Merges every staged batch of the database route handlers use (or `db`). */
export async function waitForIngest(db?: Awaited<ReturnType<typeof getDb>>) {
  const result = await drainIngest(db ?? (await getDb()));
  if (!result.drained) throw new Error("waitForIngest: staging did not drain");
}

/** After a successful ingest request, wait for the merge. */
export async function afterIngestRequest(path: string, method: string, status: number) {
  if (method === "POST" && status < 300 && INGEST_PATHS.test(new URL(path, "http://localhost").pathname)) await waitForIngest();
}
