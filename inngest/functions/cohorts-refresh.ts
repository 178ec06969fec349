import { defineJob } from "@/lib/jobs/define";
import { COHORTS_REFRESH_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { dependsOnClock } from "@/lib/cohorts/jobs";
import { projectsWithCohorts, refreshCohort, refreshStaleCohorts } from "@/lib/cohorts/store/refresh";
import { jobNow } from "./per-project";

export { COHORTS_REFRESH_REQUESTED };
export type CohortsRefreshEvent = JobPayload<typeof COHORTS_REFRESH_REQUESTED>;

/**
 * Every minute (and after each edit): recomputes cohort membership. The minute pass refreshes only cohorts whose
 * inputs changed or whose event windows move with the clock; a refresh is idempotent, so a retry repeats nothing.
 */
export const cohortsRefresh = defineJob<CohortsRefreshEvent>({
  id: "cohorts-refresh",
  name: "Cohort membership",
  triggers: [{ cron: "* * * * *" }, { event: COHORTS_REFRESH_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const { projectId, cohortId } = event.data;
    if (projectId && cohortId) return step.run(`cohort-${cohortId}`, () => refreshCohort(db, projectId, cohortId, now));
    const projects = projectId ? [projectId] : await step.run("list-projects", () => projectsWithCohorts(db));
    const results = [];
    for (const id of projects) results.push(await step.run(`project-${id}`, async () => ({ projectId: id, refreshed: (await refreshStaleCohorts(db, id, now, dependsOnClock)).length })));
    return { projects: results.length, results };
  },
});
