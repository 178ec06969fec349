import { defineJob } from "@/lib/jobs/define";
import { USER_PROFILES_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { PROFILE_CHUNK, PROFILES_PER_RUN, refreshProfileChunk } from "@/lib/users/refresh-profiles";
import { forEachProject, jobNow } from "./per-project";

export type UserProfilesEvent = JobPayload<typeof USER_PROFILES_REQUESTED>;

/** End-user preference profiles: after ingest (per project) and every 15 minutes (every project), stale ones only. */
export const userProfiles = defineJob<UserProfilesEvent>({
  id: "user-profiles",
  name: "End-user preference profiles",
  triggers: [{ cron: "*/15 * * * *" }, { event: USER_PROFILES_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const results = await forEachProject(db, step, event.data.projectId, async (id) => {
      let users = 0;
      for (let chunk = 0; users < PROFILES_PER_RUN; chunk++) {
        const n = await step.run(`profiles-${id}-${chunk}`, () => refreshProfileChunk(db, id, now));
        users += n;
        if (n < PROFILE_CHUNK) break;
      }
      return { projectId: id, users };
    });
    return { results };
  },
});
