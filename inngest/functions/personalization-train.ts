// Daily: trains, evaluates and stores each project's recommendation model (logic: lib/personalization/training.ts).
import { defineJob } from "@/lib/jobs/define";
import { PERSONALIZATION_TRAIN_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { AppError } from "@/lib/errors";
import { trainProjectModel } from "@/lib/personalization/training";
import { projectsWithInteractions } from "@/lib/personalization/store/interactions";

export { PERSONALIZATION_TRAIN_REQUESTED };
export type PersonalizationTrainEvent = JobPayload<typeof PERSONALIZATION_TRAIN_REQUESTED>;

/** One version per project and run; a project with nothing to learn from yet is skipped, not failed. */
export const personalizationTrain = defineJob<PersonalizationTrainEvent>({
  id: "personalization-train",
  name: "Recommendation model training",
  triggers: [{ cron: "30 2 * * *" }, { event: PERSONALIZATION_TRAIN_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => projectsWithInteractions(db));
    const results = [];
    for (const projectId of projects) {
      results.push(
        await step.run(`project-${projectId}`, async () => {
          try {
            const o = await trainProjectModel(db, projectId);
            return { projectId, modelVersion: o.modelVersion, promoted: o.promoted, ndcgRatio: o.evaluation.ndcgRatio };
          } catch (err) {
            if (err instanceof AppError && err.code === "conflict") return { projectId, skipped: err.message };
            throw err;
          }
        }),
      );
    }
    return { projects: results.length, results };
  },
});
