import { LRUCache } from "lru-cache";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

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

export type CacheHealth = "ok" | "degraded" | "not configured";

/** The Redis calls the store makes; ioredis satisfies it (tests may pass a real client on another port). */
export interface RedisClientLike {
  readonly status: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: "PX", ttlMs: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
  multi(): { incr(k: string): unknown; pexpire(k: string, ms: number, mode: "NX"): unknown; pttl(k: string): unknown; exec(): Promise<unknown> };
}

export interface ResilientStore extends CacheStore {
  /** "ok" while Redis answers; "degraded" while this process falls back to its own memory. */
  health(): CacheHealth;
}

/**
 * Redis when it answers, this process's memory when it does not: a Redis outage must not fail sign-in and every
 * rate-limited API closed (issue 12 finding 14). Limits and caches become per-process until Redis returns; the
 * change is logged once each way and reported by /api/health. Redis errors never reach a caller.
 */
export function createResilientRedisStore(
  redis: RedisClientLike,
  fallback: CacheStore = createMemoryStore(),
  warn: (line: string) => void = (line) => log("cache").warn(line),
): ResilientStore {
  const prefix = "prism:";
  let degraded = false;
  const fail = (err: unknown) => {
    if (!degraded) warn(`[prism] Redis unavailable (${err instanceof Error ? err.message : String(err)}): rate limits and caches are per-process until it returns`);
    degraded = true;
  };
  const recover = () => {
    if (degraded) warn("[prism] Redis is back: rate limits and caches are shared again");
    degraded = false;
  };
  async function run<T>(viaRedis: () => Promise<T>, viaMemory: () => Promise<T>): Promise<T> {
    // Not connected: answer from memory at once instead of queueing behind reconnection attempts.
    if (redis.status !== "ready") {
      fail(new Error(`connection ${redis.status}`));
      return viaMemory();
    }
    try {
      const out = await viaRedis();
      recover();
      return out;
    } catch (err) {
      fail(err);
      return viaMemory();
    }
  }
  return {
    kind: "redis",
    health: () => (degraded || redis.status !== "ready" ? "degraded" : "ok"),
    get: (key) => run(async () => (await redis.get(prefix + key)) ?? undefined, () => fallback.get(key)),
    set: (key, value, ttlMs) => run(async () => void (await redis.set(prefix + key, value, "PX", ttlMs)), () => fallback.set(key, value, ttlMs)),
    del: (key) => run(async () => void (await redis.del(prefix + key)), () => fallback.del(key)),
    hit: (key, windowMs) =>
      run(
        async () => {
          const k = prefix + key;
          const m = redis.multi();
          m.incr(k);
          m.pexpire(k, windowMs, "NX");
          m.pttl(k);
          const [[errIncr, count], , [, ttl]] = (await m.exec()) as [[Error | null, number], [Error | null, number], [Error | null, number]];
          if (errIncr) throw errIncr;
          return { count: Number(count), resetMs: Math.max(0, Number(ttl)) };
        },
        () => fallback.hit(key, windowMs),
      ),
  };
}

export async function createRedisStore(url: string, warn: (line: string) => void = (line) => log("cache").warn(line)): Promise<ResilientStore> {
  const { Redis } = await import("ioredis");
  // No offline queue: while disconnected, calls fail fast and the store answers from memory; ioredis keeps
  // reconnecting in the background (capped backoff) and the store switches back when it is ready.
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
  // Without a listener ioredis prints every failed reconnection as an unhandled error event.
  redis.on("error", () => {});
  // Start from a known state: the first connection attempt either succeeds or fails (bounded by connectTimeout).
  await new Promise<void>((resolve) => {
    redis.once("ready", () => resolve());
    redis.once("error", () => resolve());
  });
  return createResilientRedisStore(redis as unknown as RedisClientLike, createMemoryStore(), warn);
}

/** What /api/health reports about Redis. */
export async function cacheHealth(): Promise<CacheHealth> {
  if (!env().REDIS_URL) return "not configured";
  const store = await getCacheStore();
  return "health" in store ? (store as ResilientStore).health() : "not configured";
}

const globalForCache = globalThis as unknown as { __prismCache?: Promise<CacheStore> };

export function getCacheStore(): Promise<CacheStore> {
  if (!globalForCache.__prismCache) {
    const url = env().REDIS_URL;
    globalForCache.__prismCache = url ? createRedisStore(url) : Promise.resolve(createMemoryStore());
  }
  return globalForCache.__prismCache;
}
