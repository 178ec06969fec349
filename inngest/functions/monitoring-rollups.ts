import { defineJob } from "@/lib/jobs/define";
import { MONITORING_ROLLUPS_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import { refreshRecentRollups } from "@/lib/monitoring/store/refresh";
import { backfillOverviewRollups } from "@/lib/overview/backfill";
import { forEachProject, jobNow } from "./per-project";

export { MONITORING_ROLLUPS_REQUESTED };
export type MonitoringRollupsEvent = JobPayload<typeof MONITORING_ROLLUPS_REQUESTED>;

/**
 * Hourly (and on demand): per-project hourly and daily metric rollups, recomputed idempotently per window; the
 * hourly pass also fills in daily rollups missing from the Overview's window (late data with old timestamps).
 */
export const monitoringRollups = defineJob<MonitoringRollupsEvent>({
  id: "monitoring-rollups",
  name: "Monitoring rollups",
  triggers: [{ cron: "5 * * * *" }, { event: MONITORING_ROLLUPS_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const { projectId, from, to } = event.data;
    if (projectId && from && to) {
      return step.run(`window-${projectId}`, async () => ({
        projectId,
        hour: await recomputeRollups(db, projectId, "hour", new Date(from), new Date(to)),
        day: await recomputeRollups(db, projectId, "day", new Date(from), new Date(to)),
      }));
    }
    const results = await forEachProject(db, step, projectId, (id) =>
      step.run(`recent-${id}`, async () => ({
        projectId: id,
        ...(await refreshRecentRollups(db, id, now)),
        backfilled: await backfillOverviewRollups(db, id, now),
      })),
    );
    return { projects: results.length, results };
  },
});
