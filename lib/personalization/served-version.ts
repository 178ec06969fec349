// The project's promoted model version as serving reads it: kept in process, dropped at once here and on every
// instance (through the invalidation bus) when a version is promoted, and at worst 10 s later if a broadcast is lost.
import type { Db } from "@/db/client";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { sharedLoads } from "@/lib/cache/shared-loads";
import { promotedVersion } from "./store/models";

type ServedVersion = { id: string; version: number };

const cache = createTtlCache<ServedVersion>({ name: "personalization-promoted-version", ttlMs: 10_000, max: 1_000 });
const loads = sharedLoads<ServedVersion | null>();

/** The promoted version's id and number, or null (not cached: the first promotion is seen at once). */
export async function servedVersion(db: Db, projectId: string): Promise<ServedVersion | null> {
  const cached = cache.get(projectId);
  if (cached) return cached;
  const epoch = cache.epoch();
  const promoted = await loads(projectId, epoch, () => promotedVersion(db, projectId), db);
  if (promoted) cache.set(projectId, promoted, { ifEpoch: epoch });
  return promoted;
}

/** Call after a version was promoted (committed): the next request of every instance serves it. */
export function forgetServedVersion(projectId: string): Promise<void> {
  return cache.invalidate(projectId);
}
