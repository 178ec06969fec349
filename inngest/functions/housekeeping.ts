import { defineJob } from "@/lib/jobs/define";
import { HOUSEKEEPING_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { enforceRetention, pruneJobHistory } from "@/lib/retention/store/enforce";
import { expireWarmFiles } from "@/lib/warehouse/expire";
import { ensureEventPartitionsAround } from "@/lib/retention/store/event-partitions";
import { jobNow } from "./per-project";

export { HOUSEKEEPING_REQUESTED };

/**
 * Nightly: trims raw records past each project's retention period and old job-ledger history. Started by hand (an
 * admin, after lowering the retention period) it trims that admin's project only, and leaves the shared ledger alone.
 */
export const housekeeping = defineJob<JobPayload<typeof HOUSEKEEPING_REQUESTED>>({
  id: "nightly-housekeeping",
  name: "Nightly housekeeping (retention)",
  triggers: [{ cron: "0 3 * * *" }, { event: HOUSEKEEPING_REQUESTED }],
  retries: 3,
  handler: async ({ step, db, event }) => {
    const now = jobNow(event.data);
    const { projectId } = event.data;
    // The weeks of events ahead get their partitions before rows arrive (late ones wait in the default partition).
    const eventPartitionsCreated = await step.run("ensure-event-partitions", () => ensureEventPartitionsAround(db, now));
    const retention = await step.run("enforce-retention", () => enforceRetention(db, now, undefined, projectId));
    // The warm tier's own retention: Parquet files past each project's warm retention period go too.
    const warmFilesExpired = await step.run("expire-warm-files", () => expireWarmFiles(db, now, projectId));
    if (projectId) return { eventPartitionsCreated, retention, warmFilesExpired };
    const prunedRuns = await step.run("prune-job-history", () => pruneJobHistory(db, now));
    return { eventPartitionsCreated, retention, warmFilesExpired, prunedRuns };
  },
});
