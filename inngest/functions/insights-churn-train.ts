// Daily: trains each project's churn model, evaluates it against the recency baseline and scores its active end users
// (logic: lib/insights/churn/training.ts).
import { defineJob } from "@/lib/jobs/define";
import { INSIGHTS_CHURN_TRAIN_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { trainProjectChurnIfReady } from "@/lib/insights/churn/training";
import { projectsWithEndUsers } from "@/lib/insights/store/churn-models";
import { jobNow } from "./per-project";

export { INSIGHTS_CHURN_TRAIN_REQUESTED };
export type InsightsChurnTrainEvent = JobPayload<typeof INSIGHTS_CHURN_TRAIN_REQUESTED>;

/** One model per project and run; a project without enough history yet is skipped, not failed. */
export const insightsChurnTrain = defineJob<InsightsChurnTrainEvent>({
  id: "insights-churn-train",
  name: "Churn model training",
  triggers: [{ cron: "45 2 * * *" }, { event: INSIGHTS_CHURN_TRAIN_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => projectsWithEndUsers(db));
    const results = [];
    for (const projectId of projects) {
      results.push(await step.run(`project-${projectId}`, async () => ({ projectId, ...(await trainProjectChurnIfReady(db, projectId, now)) })));
    }
    return { projects: results.length, results };
  },
});
