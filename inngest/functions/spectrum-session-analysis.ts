import { defineJob } from "@/lib/jobs/define";
import { analyzeStoredSession } from "@/lib/spectrum/store/analyze-session";
import { recomputePeriod } from "@/lib/spectrum/store/period";
import { SESSION_COMPLETED } from "@/lib/spectrum/store/ingest-types";
import { LEXICON_ANALYSIS_VERSION } from "@/lib/spectrum";

export interface SessionCompletedEvent {
  projectId: string;
  sessionId: string;
}

/** After a session ends: turn vectors, impacts and the session aggregate; then the live week and month aggregates. */
export const spectrumSessionAnalysis = defineJob<SessionCompletedEvent>({
  id: "spectrum-session-analysis",
  name: "Spectrum post-session analysis",
  triggers: [{ event: SESSION_COMPLETED }],
  retries: 3,
  idempotencyKey: (e) => `${e.data.projectId}:${e.data.sessionId}:${LEXICON_ANALYSIS_VERSION}`,
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
      await recomputePeriod(db, projectId, outcome.userId, "week", at);
      await recomputePeriod(db, projectId, outcome.userId, "month", at);
      return true;
    });
    return outcome;
  },
});
