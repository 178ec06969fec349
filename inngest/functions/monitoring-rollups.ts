import { defineJob } from "@/lib/jobs/define";
import { monitoredProjects, recomputeRollups } from "@/lib/monitoring/rollups/compute";
import { refreshRecentRollups } from "@/lib/monitoring/store/refresh";

export const MONITORING_ROLLUPS_REQUESTED = "prism/monitoring.rollups.requested";

export interface MonitoringRollupsEvent {
  /** With projectId + from + to: recompute that window (both granularities); otherwise every project's recent window. */
  projectId?: string;
  from?: string;
  to?: string;
  now?: string;
  scheduledAt?: string;
}

/** Hourly (and on demand): per-project hourly and daily metric rollups, recomputed idempotently per window. */
export const monitoringRollups = defineJob<MonitoringRollupsEvent>({
  id: "monitoring-rollups",
  name: "Monitoring rollups",
  triggers: [{ cron: "5 * * * *" }, { event: MONITORING_ROLLUPS_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = new Date(String(event.data.now ?? event.data.scheduledAt ?? new Date().toISOString()));
    const { projectId, from, to } = event.data;
    if (projectId && from && to) {
      return step.run(`window-${projectId}`, async () => ({
        projectId,
        hour: await recomputeRollups(db, projectId, "hour", new Date(from), new Date(to)),
        day: await recomputeRollups(db, projectId, "day", new Date(from), new Date(to)),
      }));
    }
    const projects = projectId ? [projectId] : await step.run("list-projects", () => monitoredProjects(db));
    const results = [];
    for (const id of projects) {
      results.push(await step.run(`recent-${id}`, async () => ({ projectId: id, ...(await refreshRecentRollups(db, id, now)) })));
    }
    return { projects: results.length, results };
  },
});
