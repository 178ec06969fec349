import { defineJob } from "@/lib/jobs/define";
import { INGEST_MERGE_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { runIngestMerge } from "@/lib/traces/ingest/pipeline";
import { jobNow } from "./per-project";

/**
 * Moves accepted trace batches from staging into the indexed tables (lib/traces/ingest/pipeline.ts). Requested after
 * acceptance; every minute by cron so nothing waits on a lost request. Idempotent: each merge is one transaction.
 */
export const ingestMerge = defineJob<JobPayload<typeof INGEST_MERGE_REQUESTED>>({
  id: "ingest-merge",
  name: "Ingest merge (staging → traces)",
  triggers: [{ cron: "* * * * *" }, { event: INGEST_MERGE_REQUESTED }],
  retries: 3,
  handler: async ({ step, db, event }) => step.run("merge-staged", () => runIngestMerge(db, jobNow(event.data))),
});
