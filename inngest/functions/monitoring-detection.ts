import { defineJob } from "@/lib/jobs/define";
import { MONITORING_DETECTION_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { detectProjectAnomalies, detectProjectHourlyAnomalies } from "@/lib/monitoring/store/detection";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate";
import { forEachProject, jobNow } from "./per-project";

export { MONITORING_DETECTION_REQUESTED };
export type MonitoringDetectionEvent = JobPayload<typeof MONITORING_DETECTION_REQUESTED>;

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
    const now = jobNow(event.data);
    const results = await forEachProject(db, step, event.data.projectId, async (id) => {
      const detection = await step.run(`detect-${id}`, async () => ({ projectId: id, ...(await detectProjectAnomalies(db, id, now)) }));
      const hourly = await step.run(`detect-hourly-${id}`, () => detectProjectHourlyAnomalies(db, id, now));
      // Its own step: a failed webhook retry never re-runs detection, and a finished delivery is never re-sent.
      const alerts = await step.run(`alerts-${id}`, () => evaluateAlerts(db, id, now));
      return { ...detection, hourly, alerts };
    });
    return { results };
  },
});
