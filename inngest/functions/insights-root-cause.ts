import { defineJob } from "@/lib/jobs/define";
import { INSIGHTS_ROOT_CAUSE_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { computeAnomalyRootCause } from "@/lib/insights/store/anomaly-root-cause";

export type InsightsRootCauseEvent = JobPayload<typeof INSIGHTS_ROOT_CAUSE_REQUESTED>;

/** When detection stores new anomalies: the root cause of each, stored with it (one step per anomaly, so a retry skips the done ones). */
export const insightsRootCause = defineJob<InsightsRootCauseEvent>({
  id: "insights-root-cause",
  name: "Insights root cause of new anomalies",
  triggers: [{ event: INSIGHTS_ROOT_CAUSE_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const { projectId, anomalyIds } = event.data;
    const results = [];
    for (const id of anomalyIds) {
      results.push(
        await step.run(`root-cause-${id}`, async () => {
          const stored = await computeAnomalyRootCause(db, projectId, id).catch((err: unknown) => {
            // An anomaly deleted since (its project reset) has nothing left to explain.
            if (err instanceof Error && "code" in err && err.code === "not_found") return null;
            throw err;
          });
          return { anomalyId: id, status: stored?.status ?? "gone", candidates: stored?.status === "ready" ? stored.result.candidates.length : 0 };
        }),
      );
    }
    return { projectId, results };
  },
});
