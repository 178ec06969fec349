/**
 * A short-lived cache of experiment definitions for the assign hot path. Edits and status changes invalidate it at
 * once here and, through the invalidation bus, on other instances; TTL_MS bounds how long a paused experiment may
 * still assign elsewhere when a broadcast is lost.
 */
import type { Db } from "@/db/client";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import type { Experiment } from "./store/experiments";

const TTL_MS = 5_000;
const definitions = createTtlCache<{ db: Db; row: Experiment }>({ name: "experiment-definitions", ttlMs: TTL_MS, max: 10_000 });

const cacheKey = (projectId: string, key: string) => `${projectId}\u0000${key}`;

export function cachedExperiment(db: Db, projectId: string, key: string): Experiment | null {
  const hit = definitions.get(cacheKey(projectId, key));
  return hit && hit.db === db ? hit.row : null;
}

export function rememberExperiment(db: Db, row: Experiment) {
  definitions.set(cacheKey(row.projectId, row.key), { db, row });
}

/** The project's running experiments (personalization picks its ranking experiment among them on every request). */
const running = createTtlCache<{ db: Db; rows: Experiment[] }>({ name: "experiment-running", ttlMs: TTL_MS, max: 10_000 });

export function cachedRunningExperiments(db: Db, projectId: string): Experiment[] | null {
  const hit = running.get(projectId);
  return hit && hit.db === db ? hit.rows : null;
}

export function rememberRunningExperiments(db: Db, projectId: string, rows: Experiment[], ifEpoch: number) {
  running.set(projectId, { db, rows }, { ifEpoch });
}

export const runningExperimentsEpoch = () => running.epoch();

export async function forgetExperiment(projectId: string, key: string) {
  await Promise.all([definitions.invalidate(cacheKey(projectId, key)), running.invalidate(projectId)]);
}
