import { defineJob } from "@/lib/jobs/define";
import { monitoredProjects } from "@/lib/monitoring/rollups/compute";
import { detectProjectAnomalies, detectProjectHourlyAnomalies } from "@/lib/monitoring/store/detection";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate";

export const MONITORING_DETECTION_REQUESTED = "prism/monitoring.detection.requested";

export interface MonitoringDetectionEvent {
  projectId?: string;
  now?: string;
  scheduledAt?: string;
}

/**
 * Hourly, after the rollups: anomaly detection on every project's daily metric series (whole history) and hourly
 * series (the last 24 hours against the history), then alert rules.
 */
export const monitoringDetection = defineJob<MonitoringDetectionEvent>({
  id: "monitoring-detection",
  name: "Monitoring anomaly detection",
  triggers: [{ cron: "20 * * * *" }, { event: MONITORING_DETECTION_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = new Date(String(event.data.now ?? event.data.scheduledAt ?? new Date().toISOString()));
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => monitoredProjects(db));
    const results = [];
    for (const id of projects) {
      const detection = await step.run(`detect-${id}`, async () => ({ projectId: id, ...(await detectProjectAnomalies(db, id, now)) }));
      const hourly = await step.run(`detect-hourly-${id}`, () => detectProjectHourlyAnomalies(db, id, now));
      // Its own step: a failed webhook retry never re-runs detection, and a finished delivery is never re-sent.
      const alerts = await step.run(`alerts-${id}`, () => evaluateAlerts(db, id, now));
      results.push({ ...detection, hourly, alerts });
    }
    return { results };
  },
});
