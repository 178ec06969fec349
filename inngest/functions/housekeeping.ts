import { defineJob } from "@/lib/jobs/define";
import { enforceRetention, pruneJobHistory } from "@/lib/retention/enforce";

export const HOUSEKEEPING_REQUESTED = "prism/housekeeping.requested";

/** Nightly: trims raw records past each project's retention period and old job-ledger history. */
export const housekeeping = defineJob({
  id: "nightly-housekeeping",
  name: "Nightly housekeeping (retention)",
  triggers: [{ cron: "0 3 * * *" }, { event: HOUSEKEEPING_REQUESTED }],
  retries: 3,
  handler: async ({ step, db, event }) => {
    const now = new Date(String(event.data.scheduledAt ?? event.data.now ?? new Date().toISOString()));
    const retention = await step.run("enforce-retention", () => enforceRetention(db, now));
    const prunedRuns = await step.run("prune-job-history", () => pruneJobHistory(db, now));
    return { retention, prunedRuns };
  },
});
