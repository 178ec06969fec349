// Every 6 hours (after the 02:30 training): computes each project's feature views offline and copies them to the
// online store (logic: lib/personalization/features/materialize.ts).
import { defineJob } from "@/lib/jobs/define";
import { FEATURES_MATERIALIZE_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { materializeFeatures } from "@/lib/personalization/features/materialize";
import { getOnlineStore } from "@/lib/personalization/features/online-store";
import { projectsWithInteractions } from "@/lib/personalization/store/interactions";
import { jobNow } from "./per-project";

export { FEATURES_MATERIALIZE_REQUESTED };
export type FeaturesMaterializeEvent = JobPayload<typeof FEATURES_MATERIALIZE_REQUESTED>;

export const featuresMaterialize = defineJob<FeaturesMaterializeEvent>({
  id: "features-materialize",
  name: "Feature store materialization",
  triggers: [{ cron: "0 3,9,15,21 * * *" }, { event: FEATURES_MATERIALIZE_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => projectsWithInteractions(db));
    const results = [];
    for (const projectId of projects) {
      results.push(await step.run(`project-${projectId}`, async () => ({ projectId, views: await materializeFeatures(db, await getOnlineStore(), projectId, now) })));
    }
    return { projects: results.length, results };
  },
});
