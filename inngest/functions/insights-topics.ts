// Daily: clusters each project's last 28 days of conversations into topics (logic: lib/insights/topics/run.ts).
import { defineJob } from "@/lib/jobs/define";
import { INSIGHTS_TOPICS_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { runTopics } from "@/lib/insights/topics/run";
import { forEachProject, jobNow } from "./per-project";

export { INSIGHTS_TOPICS_REQUESTED };
export type InsightsTopicsEvent = JobPayload<typeof INSIGHTS_TOPICS_REQUESTED>;

/** One step per project; a run replaces the project's topics, so a retry or a repeat leaves one current clustering. Before the suggestions pass (05:15), which reads the topics. */
export const insightsTopics = defineJob<InsightsTopicsEvent>({
  id: "insights-topics",
  name: "Conversation topics",
  triggers: [{ cron: "45 4 * * *" }, { event: INSIGHTS_TOPICS_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const results = await forEachProject(db, step, event.data.projectId, (id) => step.run(`project-${id}`, () => runTopics(db, id, now)));
    return { projects: results.length, results };
  },
});
