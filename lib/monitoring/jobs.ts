// Monitoring's requests for background work; routes call these and never build event names.
import type { Db } from "@/db/client";
import { MONITORING_ROLLUPS_REQUESTED } from "@/lib/jobs/catalog";
import { sendJobEvent } from "@/lib/jobs/dispatch";

/** Recompute a project's hourly and daily rollups over [from, to) (e.g. after custom metric points arrived there). */
export async function requestRollups(db: Db, projectId: string, window: { from: string; to: string }) {
  // Each request is its own run: the points it follows may have changed the window since the last one.
  const id = `monitoring-rollups:${projectId}:${window.from}:${window.to}:${Date.now()}`;
  await sendJobEvent(db, MONITORING_ROLLUPS_REQUESTED, { projectId, ...window }, { id });
}
