// Spectrum's requests for background work: the post-session analysis, keyed so each new set of turns runs once.
import type { Db } from "@/db/client";
import { SESSION_COMPLETED, type JobPayload } from "@/lib/jobs/catalog";
import { sendJobEvent } from "@/lib/jobs/dispatch";
import { LEXICON_ANALYSIS_VERSION } from "./lexicon-analyzer";

export { SESSION_COMPLETED };

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
