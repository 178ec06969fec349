// Cohorts' requests for background work; routes call these and never build event names.
import type { Db } from "@/db/client";
import { COHORTS_REFRESH_REQUESTED } from "@/lib/jobs/catalog";
import { withJobRequests } from "@/lib/jobs/dispatch";
import type { CohortDefinition } from "./definition";

/**
 * Saves a cohort change and queues its recomputation in the same transaction, so an edit is never left without
 * its refresh; the key names the edit, so a replayed request refreshes once.
 */
export async function saveAndRequestRefresh<T extends { id: string; updatedAt: Date }>(db: Db, projectId: string, save: (tx: Db) => Promise<T>): Promise<T> {
  return withJobRequests(db, async (tx, jobs) => {
    const row = await save(tx);
    await jobs.send(COHORTS_REFRESH_REQUESTED, { projectId, cohortId: row.id }, { id: `cohort-refresh:${row.id}:${row.updatedAt.toISOString()}` });
    return row;
  });
}

/** Whether a cohort's membership depends on the clock (an event window), through nested cohorts too. */
export function dependsOnClock(id: string, definitions: ReadonlyMap<string, CohortDefinition>, seen: Set<string> = new Set()): boolean {
  const definition = definitions.get(id);
  if (!definition || seen.has(id)) return false;
  seen.add(id);
  const walk = (node: CohortDefinition): boolean => {
    if ("event" in node) return node.withinDays !== undefined;
    if ("cohort" in node) return dependsOnClock(node.cohort, definitions, seen);
    if ("all" in node) return node.all.some(walk);
    if ("any" in node) return node.any.some(walk);
    if ("not" in node) return walk(node.not);
    return false;
  };
  return walk(definition);
}
