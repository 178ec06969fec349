// Insights' requests for background work; other domains call these and never build event names.
import type { Db } from "@/db/client";
import { INSIGHTS_ROOT_CAUSE_REQUESTED, INSIGHTS_SUGGESTIONS_REQUESTED } from "@/lib/jobs/catalog";
import { sendJobEvent } from "@/lib/jobs/dispatch";

const BATCH = 1000;

/** Root causes for anomalies that detection has just stored for the first time (one run per batch of ids). */
export async function requestAnomalyRootCauses(db: Db, projectId: string, anomalyIds: string[]) {
  for (let i = 0; i < anomalyIds.length; i += BATCH) {
    const ids = anomalyIds.slice(i, i + BATCH);
    // Keyed by the ids: a re-sent batch (a retried detection step) runs once.
    await sendJobEvent(db, INSIGHTS_ROOT_CAUSE_REQUESTED, { projectId, anomalyIds: ids }, { id: `insights-root-cause:${projectId}:${ids[0]}:${ids.length}` });
  }
}

/** Runs the suggestion rules for one project now (the refresh button); keyed by the minute, so a double click runs once. */
export async function requestSuggestions(db: Db, projectId: string, now: Date, requestedBy?: string) {
  const minute = now.toISOString().slice(0, 16);
  return sendJobEvent(db, INSIGHTS_SUGGESTIONS_REQUESTED, { projectId, now: now.toISOString(), ...(requestedBy ? { requestedBy } : {}) }, { id: `insights-suggestions:${projectId}:${minute}` });
}
