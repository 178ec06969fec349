// Daily: compares each project's online feature values with the offline ones and records the diff rate and freshness
// per view (logic: lib/personalization/features/parity.ts).
import { defineJob } from "@/lib/jobs/define";
import { FEATURES_PARITY_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { checkFeatureParity } from "@/lib/personalization/features/parity";
import { getOnlineStore } from "@/lib/personalization/features/online-store";
import { projectsWithFeatures } from "@/lib/personalization/store/features";
import { jobNow } from "./per-project";

export { FEATURES_PARITY_REQUESTED };
export type FeaturesParityEvent = JobPayload<typeof FEATURES_PARITY_REQUESTED>;

export const featuresParity = defineJob<FeaturesParityEvent>({
  id: "features-parity",
  name: "Feature store parity",
  triggers: [{ cron: "30 4 * * *" }, { event: FEATURES_PARITY_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => projectsWithFeatures(db));
    const results = [];
    for (const projectId of projects) {
      results.push(
        await step.run(`project-${projectId}`, async () => ({
          projectId,
          views: (await checkFeatureParity(db, await getOnlineStore(), projectId, now)).map((r) => ({ view: r.view, checked: r.checked, diffRate: r.diffRate })),
        })),
      );
    }
    return { projects: results.length, results };
  },
});
