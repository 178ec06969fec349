import { defineJob } from "@/lib/jobs/define";
import { MONITORING_ROLLUPS_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import { refreshRecentRollups } from "@/lib/monitoring/store/refresh";
import { backfillOverviewRollups } from "@/lib/overview/backfill";
import { recomputeSegmentRollups, refreshSegmentRollups } from "@/lib/insights/store/segment-rollups";
import { forEachProject, jobNow } from "./per-project";

export { MONITORING_ROLLUPS_REQUESTED };
export type MonitoringRollupsEvent = JobPayload<typeof MONITORING_ROLLUPS_REQUESTED>;

/**
 * Hourly (and on demand): per-project hourly and daily metric rollups, recomputed idempotently per window; the
 * hourly pass also fills in daily rollups missing from the Overview's window (late data with old timestamps), and
 * the root cause rollups (per dimension value and pair, hourly) that let an analysis skip the traces.
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
        rootCause: await recomputeSegmentRollups(db, projectId, new Date(from), new Date(to), now),
      }));
    }
    const results = await forEachProject(db, step, projectId, async (id) => ({
      ...(await step.run(`recent-${id}`, async () => ({
        projectId: id,
        ...(await refreshRecentRollups(db, id, now)),
        backfilled: await backfillOverviewRollups(db, id, now),
      }))),
      rootCause: await step.run(`root-cause-${id}`, () => refreshSegmentRollups(db, id, now)),
    }));
    return { projects: results.length, results };
  },
});
