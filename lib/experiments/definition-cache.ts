/**
 * A short-lived in-process cache of experiment definitions for the assign hot path. Local edits and status changes
 * invalidate it at once; other instances see a change within TTL_MS (the bound on how long a paused experiment may
 * still assign elsewhere).
 */
import type { Db } from "@/db/client";
import type { Experiment } from "./store/experiments";

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
// On globalThis: Next.js bundles routes separately, and the status route's invalidation must reach the assign route.
const globalForDefinitions = globalThis as unknown as { __prismExperimentDefinitions?: Map<string, { db: Db; row: Experiment; expires: number }> };
const entries = (globalForDefinitions.__prismExperimentDefinitions ??= new Map());

const cacheKey = (projectId: string, key: string) => `${projectId}\u0000${key}`;

export function cachedExperiment(db: Db, projectId: string, key: string, now = Date.now()): Experiment | null {
  const hit = entries.get(cacheKey(projectId, key));
  if (!hit || hit.db !== db || hit.expires <= now) return null;
  return hit.row;
}

export function rememberExperiment(db: Db, row: Experiment, now = Date.now()) {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(cacheKey(row.projectId, row.key), { db, row, expires: now + TTL_MS });
}

export function forgetExperiment(projectId: string, key: string) {
  entries.delete(cacheKey(projectId, key));
}
