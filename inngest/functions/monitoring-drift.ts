import { defineJob } from "@/lib/jobs/define";
import { MONITORING_DRIFT_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { runDailyDrift } from "@/lib/monitoring/store/drift-runs";
import { forEachProject, jobNow } from "./per-project";

export { MONITORING_DRIFT_REQUESTED };
export type MonitoringDriftEvent = JobPayload<typeof MONITORING_DRIFT_REQUESTED>;

/**
 * Daily at 00:40 UTC: the drift run of every project (the last 7 complete days of LLM generations against the 7
 * before), stored once per project and day; drifted features reach the anomaly feed as `drift` anomalies.
 */
export const monitoringDrift = defineJob<MonitoringDriftEvent>({
  id: "monitoring-drift",
  name: "Monitoring daily drift run",
  triggers: [{ cron: "40 0 * * *" }, { event: MONITORING_DRIFT_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const results = await forEachProject(db, step, event.data.projectId, (id) =>
      step.run(`drift-${id}`, async () => ({ projectId: id, ...(await runDailyDrift(db, id, now)) })),
    );
    return { results };
  },
});
