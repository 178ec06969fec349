// Daily and on demand: runs the insight suggestion rules per project (logic: lib/insights/suggestions/run.ts).
import { defineJob } from "@/lib/jobs/define";
import { INSIGHTS_SUGGESTIONS_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { runSuggestions } from "@/lib/insights/suggestions/run";
import { forEachProject, jobNow } from "./per-project";

export { INSIGHTS_SUGGESTIONS_REQUESTED };
export type InsightsSuggestionsEvent = JobPayload<typeof INSIGHTS_SUGGESTIONS_REQUESTED>;

/** One step per project: findings are upserted by key, so a retried or repeated run updates rather than duplicates. */
export const insightsSuggestions = defineJob<InsightsSuggestionsEvent>({
  id: "insights-suggestions",
  name: "Insight suggestions",
  triggers: [{ cron: "15 5 * * *" }, { event: INSIGHTS_SUGGESTIONS_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const results = await forEachProject(db, step, event.data.projectId, (id) => step.run(`project-${id}`, () => runSuggestions(db, id, now)));
    return { projects: results.length, results };
  },
});
