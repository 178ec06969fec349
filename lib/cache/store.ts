import { LRUCache } from "lru-cache";
import { env } from "@/lib/env";

/** Cache and counters: Redis when REDIS_URL is set, an in-process LRU otherwise (one machine only). */
export interface CacheStore {
  readonly kind: "redis" | "memory";
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Increments a counter that expires `windowMs` after its first increment; returns the count and ms left. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
}

/** `now` is the clock rate-limit windows are counted on (tests pass their own). */
export function createMemoryStore(max = 50_000, now: () => number = Date.now): CacheStore {
  const values = new LRUCache<string, string>({ max, ttlAutopurge: false });
  const counters = new LRUCache<string, { count: number; resetAt: number }>({ max });
  return {
    kind: "memory",
    async get(key) {
      return values.get(key);
    },
    async set(key, value, ttlMs) {
      values.set(key, value, { ttl: ttlMs });
    },
    async del(key) {
      values.delete(key);
      counters.delete(key);
    },
    async hit(key, windowMs) {
      const at = now();
      const current = counters.get(key);
      const entry = current && current.resetAt > at ? current : { count: 0, resetAt: at + windowMs };
      entry.count += 1;
      counters.set(key, entry);
      return { count: entry.count, resetMs: entry.resetAt - at };
    },
  };
}

export async function createRedisStore(url: string): Promise<CacheStore> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  const prefix = "prism:";
  return {
    kind: "redis",
    async get(key) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, "PX", ttlMs);
    },
    async del(key) {
      await redis.del(prefix + key);
    },
    async hit(key, windowMs) {
      const k = prefix + key;
      const [[, count], [, ttl]] = (await redis.multi().incr(k).pexpire(k, windowMs, "NX").pttl(k).exec()) as [
        [null, number],
        [null, number],
      ];
      return { count, resetMs: Math.max(0, Number(ttl)) };
    },
  };
}

const globalForCache = globalThis as unknown as { __prismCache?: Promise<CacheStore> };

export function getCacheStore(): Promise<CacheStore> {
  if (!globalForCache.__prismCache) {
    const url = env().REDIS_URL;
    globalForCache.__prismCache = url ? createRedisStore(url) : Promise.resolve(createMemoryStore());
  }
  return globalForCache.__prismCache;
}
