import { defineJob } from "@/lib/jobs/define";
import { EXPERIMENT_RESULTS_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { computeExperimentResults, runningExperiments } from "@/lib/experiments/results";
import { jobNow } from "./per-project";

export { EXPERIMENT_RESULTS_REQUESTED };
export type ExperimentResultsEvent = JobPayload<typeof EXPERIMENT_RESULTS_REQUESTED>;

/** Hourly (and on demand): recomputes cached experiment results, SRM and guardrails. */
export const experimentResults = defineJob<ExperimentResultsEvent>({
  id: "experiment-results",
  name: "Experiment results",
  triggers: [{ cron: "0 * * * *" }, { event: EXPERIMENT_RESULTS_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const { projectId, experimentId } = event.data;
    const targets =
      projectId && experimentId
        ? [{ projectId, id: experimentId }]
        : await step.run("list-running", () => runningExperiments(db, projectId));
    const computed = [];
    // One step per experiment: a retry after a failure does not recompute (and re-audit) finished ones.
    for (const target of targets) {
      const snapshot = await step.run(`compute-${target.id}`, async () => {
        const s = await computeExperimentResults(db, target.projectId, target.id, { now });
        return { experimentId: target.id, srmFlagged: s.srm.flagged, breaches: s.guardrails.filter((g) => g.breached).length, autoStopped: s.autoStopped, durationMs: s.durationMs };
      });
      computed.push(snapshot);
    }
    return { computed };
  },
});
