// The online copy of the feature values: Redis (REDIS_URL) shared by every instance, or this process's memory in
// embedded mode. One key per (project, view, entity) holding `{ v: values, t: event time, m: materialized at }`,
// expiring after the view's TTL; a read of many entities is one MGET. On Redis, a near cache in this process
// (near-cache.ts) answers repeated reads and is kept correct by Redis's invalidations.
import { LRUCache } from "lru-cache";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { createNearCache, type NearCache } from "./near-cache";
import type { NearCacheLimits, Sized } from "./near-cache-entries";

export interface OnlineRecord {
  values: Record<string, unknown>;
  eventTime: number;
  materializedAt: number;
}

export interface OnlineWrite extends OnlineRecord {
  entityKey: string;
}

export interface OnlineReadOptions {
  /** Read Redis itself, not this process's near cache (the parity check compares what Redis holds). */
  skipNearCache?: boolean;
  /** Told how many of the records came from the near cache. */
  onNearHits?: (count: number) => void;
}

export interface OnlineStore {
  readonly kind: "redis" | "memory";
  /** Records of `entityKeys` in `view`, in order; null where the store has none (or it expired). */
  read(projectId: string, view: string, entityKeys: readonly string[], o?: OnlineReadOptions): Promise<(OnlineRecord | null)[]>;
  write(projectId: string, view: string, records: readonly OnlineWrite[], ttlMs: number): Promise<void>;
  /** This process's near cache in front of Redis, when there is one. */
  readonly nearCache?: Pick<NearCache<OnlineRecord>, "armed" | "settle">;
  /** Drops every key of a project (tests, and a project's deletion of its feature store). */
  clear(projectId: string): Promise<void>;
  close(): Promise<void>;
}

const keyOf = (prefix: string, projectId: string, view: string, entityKey: string) => `${prefix}${projectId}:${view}:${entityKey}`;
const encode = (r: OnlineRecord) => JSON.stringify({ v: r.values, t: r.eventTime, m: r.materializedAt });
function decode(raw: string | null | undefined): OnlineRecord | null {
  if (!raw) return null;
  const o = JSON.parse(raw) as { v: Record<string, unknown>; t: number; m: number };
  return { values: o.v, eventTime: o.t, materializedAt: o.m };
}

export function createMemoryOnlineStore(max = 200_000): OnlineStore {
  const values = new LRUCache<string, string>({ max, ttlAutopurge: false });
  return {
    kind: "memory",
    async read(projectId, view, entityKeys) {
      return entityKeys.map((k) => decode(values.get(keyOf("", projectId, view, k))));
    },
    async write(projectId, view, records, ttlMs) {
      for (const r of records) values.set(keyOf("", projectId, view, r.entityKey), encode(r), { ttl: ttlMs });
    },
    async clear(projectId) {
      for (const k of [...values.keys()]) if (k.startsWith(`${projectId}:`)) values.delete(k);
    },
    async close() {},
  };
}

const WRITE_BATCH = 1000;
/** The near cache's default bounds: about 32 MB of stored JSON, and no entry older than 5 minutes. */
export const NEAR_CACHE_DEFAULTS: NearCacheLimits = { maxSize: 16_000_000, maxAgeMs: 300_000 };

/** One MGET; with a near cache, only of the keys it does not hold, and what comes back is kept in it. */
async function mgetThrough(redis: Redis, near: NearCache<OnlineRecord> | null, keys: string[], o: OnlineReadOptions): Promise<(OnlineRecord | null)[]> {
  const cached = o.skipNearCache ? null : near?.lookup(keys);
  if (!near || !cached) return (await redis.mget(keys)).map(decode);
  const missing = keys.filter((_, i) => !cached[i]);
  o.onNearHits?.(keys.length - missing.length);
  if (!missing.length) return cached as OnlineRecord[];
  const keep = near.begin(missing);
  let fetched: (Sized<OnlineRecord> | null)[] = [];
  try {
    fetched = (await redis.mget(missing)).map((r) => (r ? { value: decode(r)!, size: r.length } : null));
  } finally {
    keep(fetched);
  }
  let next = 0;
  return cached.map((c) => c ?? fetched[next++]?.value ?? null);
}

/** `prefix` namespaces the keys (tests use their own and clear it); `nearCache: false` reads Redis every time. */
export async function createRedisOnlineStore(url: string, prefix = "prism:features:", o: { nearCache?: NearCacheLimits | false } = {}): Promise<OnlineStore> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, enableAutoPipelining: true });
  redis.on("error", () => {});
  const nearLimits = o.nearCache ?? NEAR_CACHE_DEFAULTS;
  const near = nearLimits ? await createNearCache<OnlineRecord>(url, redis, nearLimits) : null;
  return {
    kind: "redis",
    nearCache: near ?? undefined,
    async read(projectId, view, entityKeys, ro = {}) {
      if (!entityKeys.length) return [];
      return mgetThrough(redis, near, entityKeys.map((k) => keyOf(prefix, projectId, view, k)), ro);
    },
    async write(projectId, view, records, ttlMs) {
      for (let start = 0; start < records.length; start += WRITE_BATCH) {
        const batch = records.slice(start, start + WRITE_BATCH).map((r) => ({ key: keyOf(prefix, projectId, view, r.entityKey), r }));
        const p = redis.pipeline();
        for (const { key, r } of batch) p.set(key, encode(r), "PX", Math.max(1, Math.round(ttlMs)));
        await p.exec();
        near?.invalidate(batch.map((b) => b.key));
      }
    },
    async clear(projectId) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}${projectId}:*`, "COUNT", 1000);
        if (keys.length) await redis.del(...keys);
        near?.invalidate(keys);
        cursor = next;
      } while (cursor !== "0");
    },
    close: async () => {
      near?.close();
      await redis.quit();
    },
  };
}

const globalForFeatures = globalThis as unknown as { __prismOnlineFeatures?: Promise<OnlineStore> };

/**
 * The process's online store: Redis when REDIS_URL is set, memory otherwise. While Redis does not answer, reads fail
 * and serving falls back to the offline values (lib/personalization/features/serve.ts).
 */
export function getOnlineStore(): Promise<OnlineStore> {
  if (!globalForFeatures.__prismOnlineFeatures) {
    const url = env().REDIS_URL;
    globalForFeatures.__prismOnlineFeatures = url ? createRedisOnlineStore(url) : Promise.resolve(createMemoryOnlineStore());
  }
  return globalForFeatures.__prismOnlineFeatures;
}
