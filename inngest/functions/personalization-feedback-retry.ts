// Every five minutes: retries interactions dead-lettered for an item not yet in the catalog, and expires old ones
// (logic: lib/personalization/store/dead-letters.ts).
import { defineJob } from "@/lib/jobs/define";
import { PERSONALIZATION_FEEDBACK_RETRY_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { projectsWithDeadLetters, retryDeadLetters } from "@/lib/personalization/store/dead-letters";
import { jobNow } from "./per-project";

export { PERSONALIZATION_FEEDBACK_RETRY_REQUESTED };
export type PersonalizationFeedbackRetryEvent = JobPayload<typeof PERSONALIZATION_FEEDBACK_RETRY_REQUESTED>;

export const personalizationFeedbackRetry = defineJob<PersonalizationFeedbackRetryEvent>({
  id: "personalization-feedback-retry",
  name: "Feedback dead-letter retries",
  triggers: [{ cron: "*/5 * * * *" }, { event: PERSONALIZATION_FEEDBACK_RETRY_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => projectsWithDeadLetters(db));
    const results = [];
    for (const projectId of projects) results.push(await step.run(`project-${projectId}`, () => retryDeadLetters(db, projectId, now)));
    return { projects: results.length, results };
  },
});
