import { defineJob } from "@/lib/jobs/define";
import { analyzeStoredSession } from "@/lib/spectrum/store/analyze-session";
import { recomputePeriod } from "@/lib/spectrum/store/period";
import { recomputeUserFrom } from "@/lib/spectrum/store/controls";
import { SESSION_COMPLETED, sessionAnalysisKey, type SessionCompletedEvent } from "@/lib/spectrum/jobs";

/** After a session ends: turn vectors, impacts and the session aggregate; then the live week and month aggregates. */
export const spectrumSessionAnalysis = defineJob<SessionCompletedEvent>({
  id: "spectrum-session-analysis",
  name: "Spectrum post-session analysis",
  triggers: [{ event: SESSION_COMPLETED }],
  retries: 3,
  idempotencyKey: (e) => sessionAnalysisKey(e.data),
  handler: async ({ event, step, db, attempt }) => {
    const { projectId, sessionId } = event.data;
    const outcome = await step.run("analyze-session", async () => {
      const result = await analyzeStoredSession(db, projectId, sessionId);
      // The completion may arrive just before its turns (same batch, other item type): retry with backoff first.
      if (result.status === "skipped" && result.reason === "no-user-turns" && attempt < 3) throw new Error("session has no user turns yet; retrying");
      return result;
    });
    if (outcome.status !== "analysed") return outcome;
    await step.run("refresh-periods", async () => {
      const at = new Date(outcome.startedAt);
      // A re-analysis (late turns) may change periods that already have insights, and the shifts of the periods
      // after them: recompute from the session's period on, regenerating existing insights.
      if (event.data.turnCount !== undefined) return (await recomputeUserFrom(db, projectId, outcome.userId, at)).periods > 0;
      await recomputePeriod(db, projectId, outcome.userId, "week", at);
      await recomputePeriod(db, projectId, outcome.userId, "month", at);
      return true;
    });
    return outcome;
  },
});
