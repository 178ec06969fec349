// Read-through cache of each user's Spectrum overview (the shared TTL cache; invalidations reach every instance).
import { createTtlCache } from "@/lib/cache/ttl-cache";

const FEED_TTL_MS = 10 * 60_000;
// Stored as JSON, so a hit returns what a serialised reply would (dates as strings) whichever instance computed it.
const overviews = createTtlCache<string>({ name: "spectrum-overview", ttlMs: FEED_TTL_MS, max: 10_000 });
const key = (projectId: string, userId: string) => `${projectId}:${userId}`;

/** Every job or control that writes a user's Spectrum data calls invalidateOverview. */
export async function cachedOverview<T>(projectId: string, userId: string, load: () => Promise<T>): Promise<T> {
  await overviews.ready();
  const hit = overviews.get(key(projectId, userId));
  if (hit) return JSON.parse(hit) as T;
  const value = await load();
  overviews.set(key(projectId, userId), JSON.stringify(value));
  return value;
}

export async function invalidateOverview(projectId: string, userId: string) {
  await overviews.invalidate(key(projectId, userId));
}
