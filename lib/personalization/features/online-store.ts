// The online copy of the feature values: Redis (REDIS_URL) shared by every instance, or this process's memory in
// embedded mode. One key per (project, view, entity) holding `{ v: values, t: event time, m: materialized at }`,
// expiring after the view's TTL; a read of many entities is one MGET.
import { LRUCache } from "lru-cache";
import { env } from "@/lib/env";

export interface OnlineRecord {
  values: Record<string, unknown>;
  eventTime: number;
  materializedAt: number;
}

export interface OnlineWrite extends OnlineRecord {
  entityKey: string;
}

export interface OnlineStore {
  readonly kind: "redis" | "memory";
  /** Records of `entityKeys` in `view`, in order; null where the store has none (or it expired). */
  read(projectId: string, view: string, entityKeys: readonly string[]): Promise<(OnlineRecord | null)[]>;
  write(projectId: string, view: string, records: readonly OnlineWrite[], ttlMs: number): Promise<void>;
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

/** The ioredis calls the store makes. */
interface RedisLike {
  mget(keys: string[]): Promise<(string | null)[]>;
  pipeline(): { set(k: string, v: string, px: "PX", ms: number): unknown; exec(): Promise<unknown> };
  scan(cursor: string, match: "MATCH", pattern: string, count: "COUNT", n: number): Promise<[string, string[]]>;
  del(...keys: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
}

const WRITE_BATCH = 1000;

/** `prefix` namespaces the keys (tests use their own and clear it). */
export async function createRedisOnlineStore(url: string, prefix = "prism:features:"): Promise<OnlineStore> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, enableAutoPipelining: true }) as unknown as RedisLike & { on(e: string, f: () => void): void };
  redis.on("error", () => {});
  return {
    kind: "redis",
    async read(projectId, view, entityKeys) {
      if (!entityKeys.length) return [];
      const raw = await redis.mget(entityKeys.map((k) => keyOf(prefix, projectId, view, k)));
      return raw.map(decode);
    },
    async write(projectId, view, records, ttlMs) {
      for (let start = 0; start < records.length; start += WRITE_BATCH) {
        const p = redis.pipeline();
        for (const r of records.slice(start, start + WRITE_BATCH)) p.set(keyOf(prefix, projectId, view, r.entityKey), encode(r), "PX", Math.max(1, Math.round(ttlMs)));
        await p.exec();
      }
    },
    async clear(projectId) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}${projectId}:*`, "COUNT", 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
    },
    close: async () => void (await redis.quit()),
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
