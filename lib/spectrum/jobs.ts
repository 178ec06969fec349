// Spectrum's requests for background work: the post-session analysis, keyed so each new set of turns runs once, and
// the recomputation of a user's periods after an exclusion or a reset, keyed by the change that asked for it.
import type { Db } from "@/db/client";
import { SESSION_COMPLETED, SPECTRUM_USER_RECOMPUTE_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { sendJobEvent, type JobRequests } from "@/lib/jobs/dispatch";
import { LEXICON_ANALYSIS_VERSION } from "./lexicon-analyzer";

export { SESSION_COMPLETED, SPECTRUM_USER_RECOMPUTE_REQUESTED };

/** Payload of SESSION_COMPLETED; `turnCount` is set when turns arrived after the session was analysed. */
export type SessionCompletedEvent = JobPayload<typeof SESSION_COMPLETED>;

/**
 * Idempotency key of a session's analysis: a re-analysis after late turns carries the session's turn count, so it
 * runs once per new set of turns and a replayed turn (nothing inserted) never triggers it.
 */
export function sessionAnalysisKey(e: SessionCompletedEvent): string {
  const base = `${e.projectId}:${e.sessionId}:${LEXICON_ANALYSIS_VERSION}`;
  return e.turnCount === undefined ? base : `${base}:turns-${e.turnCount}`;
}

/** Asks for the analysis of a completed session (or its re-analysis after late turns). */
export async function requestSessionAnalysis(db: Db, data: SessionCompletedEvent) {
  await sendJobEvent(db, SESSION_COMPLETED, data, { id: sessionAnalysisKey(data) });
}

/** Payload of SPECTRUM_USER_RECOMPUTE_REQUESTED: recompute `userId`'s weeks and months from `from`. */
export type UserRecomputeEvent = JobPayload<typeof SPECTRUM_USER_RECOMPUTE_REQUESTED>;

/** One run per (project, user, control change): a retried request for the same change queues nothing new. */
export function userRecomputeKey(e: Pick<UserRecomputeEvent, "projectId" | "userId" | "change">): string {
  return `spectrum-recompute:${e.projectId}:${e.userId}:${e.change}`;
}

/**
 * Asks for the recomputation of a user's periods from `from`, inside the transaction that stores the control (an
 * exclusion or a reset), so the change and its recomputation commit together. Returns the run's idempotency key.
 */
export async function requestUserRecompute(jobs: JobRequests, e: { projectId: string; userId: string; from: Date; change: string }) {
  const data: UserRecomputeEvent = { projectId: e.projectId, userId: e.userId, from: e.from.toISOString(), change: e.change };
  const key = userRecomputeKey(data);
  await jobs.send(SPECTRUM_USER_RECOMPUTE_REQUESTED, data, { id: key });
  return key;
}
