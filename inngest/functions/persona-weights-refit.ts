// Weekly: refits each project's persona suggestion weights from the personas its product accepted
// (logic: lib/personalization/personas/feedback.ts).
import { defineJob } from "@/lib/jobs/define";
import { PERSONA_WEIGHTS_REFIT_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { refitProjectWeights } from "@/lib/personalization/personas/feedback";
import { projectsWithSuggestionFeedback } from "@/lib/personalization/store/persona-feedback";
import { jobNow } from "./per-project";

export { PERSONA_WEIGHTS_REFIT_REQUESTED };
export type PersonaWeightsRefitEvent = JobPayload<typeof PERSONA_WEIGHTS_REFIT_REQUESTED>;

export const personaWeightsRefit = defineJob<PersonaWeightsRefitEvent>({
  id: "persona-weights-refit",
  name: "Persona suggestion weights refit",
  triggers: [{ cron: "15 4 * * 1" }, { event: PERSONA_WEIGHTS_REFIT_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => projectsWithSuggestionFeedback(db));
    const results = [];
    for (const projectId of projects) {
      results.push(
        await step.run(`project-${projectId}`, async () => {
          const o = await refitProjectWeights(db, projectId, now);
          return o.stored ? { projectId, examples: o.examples, adopted: o.adopted, weights: o.weights } : { projectId, examples: o.examples, skipped: o.reason };
        }),
      );
    }
    return { projects: results.length, results };
  },
});
