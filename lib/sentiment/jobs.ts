// Sentiment's requests for background work; ingest routes call this and never build event names.
import type { Db } from "@/db/client";
import { SENTIMENT_ANALYSIS_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { sendJobEvent } from "@/lib/jobs/dispatch";

export { SENTIMENT_ANALYSIS_REQUESTED };
export type SentimentAnalysisEvent = JobPayload<typeof SENTIMENT_ANALYSIS_REQUESTED>;

/**
 * One run per project and minute, however many ingest requests arrive in it: the run analyses every pending trace,
 * and traces stored after it started are picked up by the next minute's request or the every-minute cron pass.
 */
export function sentimentAnalysisKey(projectId: string, at: Date): string {
  return `sentiment:${projectId}:${at.toISOString().slice(0, 16)}`;
}

/** Asks for the analysis of the project's new traces (called after trace ingest). */
export async function requestSentimentAnalysis(db: Db, projectId: string, at = new Date()) {
  await sendJobEvent(db, SENTIMENT_ANALYSIS_REQUESTED, { projectId }, { id: sentimentAnalysisKey(projectId, at) });
}

/** Batch item types whose arrival can change a trace's sentiment (its inputs, or a feedback comment). */
const TRACE_ITEM_TYPES = new Set(["trace-create", "observation-create", "observation-update", "score-create"]);

/** After a batch ingest: asks for the analysis when at least one stored item could change a trace's sentiment. */
export async function requestSentimentAfterBatch(db: Db, projectId: string, items: readonly unknown[], stored: number) {
  const touchesTraces = items.some((i) => typeof i === "object" && i !== null && TRACE_ITEM_TYPES.has(String((i as { type?: unknown }).type)));
  if (stored > 0 && touchesTraces) await requestSentimentAnalysis(db, projectId);
}
