// The recomputation an exclusion or a reset asks for, run off the request (issue 12 #10): the logic is recomputeUserFrom.
import { defineJob } from "@/lib/jobs/define";
import { recomputeUserFrom } from "@/lib/spectrum/store/controls";
import { SPECTRUM_USER_RECOMPUTE_REQUESTED, userRecomputeKey, type UserRecomputeEvent } from "@/lib/spectrum/jobs";

/** Recomputes one user's weeks and months from `from` (regenerating their existing insights), once per change. */
export const spectrumUserRecompute = defineJob<UserRecomputeEvent>({
  id: "spectrum-user-recompute",
  name: "Spectrum recomputation after an exclusion or reset",
  triggers: [{ event: SPECTRUM_USER_RECOMPUTE_REQUESTED }],
  retries: 3,
  idempotencyKey: (e) => userRecomputeKey(e.data),
  handler: async ({ event, step, db }) => {
    const { projectId, userId, from } = event.data;
    return step.run("recompute", () => recomputeUserFrom(db, projectId, userId, new Date(from)));
  },
});
