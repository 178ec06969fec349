import { defineJob } from "@/lib/jobs/define";
import { monitoredProjects } from "@/lib/monitoring/rollups/compute";
import { runDailyDrift } from "@/lib/monitoring/store/drift-runs";

export const MONITORING_DRIFT_REQUESTED = "prism/monitoring.drift.requested";

export interface MonitoringDriftEvent {
  projectId?: string;
  now?: string;
  scheduledAt?: string;
}

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
    const now = new Date(String(event.data.now ?? event.data.scheduledAt ?? new Date().toISOString()));
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => monitoredProjects(db));
    const results = [];
    for (const id of projects) results.push(await step.run(`drift-${id}`, async () => ({ projectId: id, ...(await runDailyDrift(db, id, now)) })));
    return { results };
  },
});
