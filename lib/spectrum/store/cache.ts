import { getCacheStore } from "@/lib/cache/store";

const FEED_TTL_MS = 10 * 60_000;
const key = (projectId: string, userId: string) => `spectrum:overview:${projectId}:${userId}`;

/** Read-through cache of a user's Spectrum overview; every job or control that writes calls invalidate. */
export async function cachedOverview<T>(projectId: string, userId: string, load: () => Promise<T>): Promise<T> {
  const store = await getCacheStore();
  const hit = await store.get(key(projectId, userId));
  if (hit) return JSON.parse(hit) as T;
  const value = await load();
  await store.set(key(projectId, userId), JSON.stringify(value), FEED_TTL_MS);
  return value;
}

export async function invalidateOverview(projectId: string, userId: string) {
  await (await getCacheStore()).del(key(projectId, userId));
}
