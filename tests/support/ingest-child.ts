// A process that ingests trace batches and merges them at the same time, for tests/ingest-kill.test.ts, which kills it
// with SIGKILL. It prints `ack <traceId>` once a batch is acknowledged (staged and committed), as a client would
// learn it, and `merged <spans>` after each merge.
//   node --import tsx tests/support/ingest-child.ts <postgres-url | pglite-dir> <projectId> ingest <firstTrace>
//   node --import tsx tests/support/ingest-child.ts <postgres-url | pglite-dir> <projectId> drain
import { openPglite, openPostgres } from "@/db/client";
import { registerJobs } from "@/lib/jobs/dispatch";
import { defaultMasker, ingestOtlpRequest } from "@/lib/traces/otlp/ingest";
import { drainIngest } from "@/lib/traces/ingest/pipeline";
import { resourceSpans, span } from "./otlp-builders";

export const SPANS_PER_TRACE = 10;
export const TRACES_PER_BATCH = 10;

/** The trace id of trace number `n` (deterministic, so a replay after a restart sends the same spans). */
export const childTraceId = (n: number) => (n + 1).toString(16).padStart(32, "0");

function batch(first: number) {
  const spans = [];
  for (let n = first; n < first + TRACES_PER_BATCH; n++) {
    for (let s = 1; s <= SPANS_PER_TRACE; s++) {
      spans.push(span({ traceId: childTraceId(n), spanId: s.toString(16).padStart(16, "0"), parentSpanId: s === 1 ? undefined : "0000000000000001", name: `step ${s}`, startMs: s, durationMs: 5, attributes: s === 1 ? {} : { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 7 } }));
    }
  }
  return { resourceSpans: resourceSpans(spans) };
}

async function main() {
  const [target, projectId, mode, first] = process.argv.slice(2);
  const handle = target.startsWith("postgres") ? await openPostgres(target, 4) : await openPglite({ dataDir: target });
  // Merges are requested by this process's own loop below; no job runner here.
  registerJobs({ jobs: [], sendToInngest: async () => undefined });
  if (mode === "drain") {
    const result = await drainIngest(handle.db);
    process.stdout.write(`drained ${result.spans}\n`);
    await handle.close();
    return;
  }
  let stop = false;
  const merging = (async () => {
    while (!stop) {
      const r = await drainIngest(handle.db, { maxMs: 200 });
      if (r.spans > 0) process.stdout.write(`merged ${r.spans}\n`);
    }
  })();
  const options = { sampleRate: 1, masker: defaultMasker(), prices: [] };
  for (let n = Number(first); n < Number(first) + 100 * TRACES_PER_BATCH; n += TRACES_PER_BATCH) {
    await ingestOtlpRequest(handle.db, projectId, batch(n), options);
    process.stdout.write(Array.from({ length: TRACES_PER_BATCH }, (_, k) => `ack ${childTraceId(n + k)}\n`).join(""));
  }
  stop = true;
  await merging;
  await handle.close();
}

// Run as a script only (the test imports its constants).
if (process.argv[1]?.endsWith("ingest-child.ts")) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
