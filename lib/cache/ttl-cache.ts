/**
 * The one short-lived in-process cache (verified API keys, experiment definitions, trace ingest settings, Spectrum
 * overviews): bounded (LRU past `max`), entries expire `ttlMs` after they are set, and every invalidation is
 * applied here at once and broadcast on the invalidation bus, so other instances drop the entry when the message
 * arrives (within the TTL at worst, when a message is lost).
 */
import { LRUCache } from "lru-cache";
import { getInvalidationBus, type InvalidationBus } from "./invalidation-bus";
import { log } from "@/lib/log";
import { recordCacheLookup } from "@/lib/metrics";

export interface TtlCacheOptions {
  /** Names the cache's bus channel: every instance of one cache must use the same name. */
  name: string;
  ttlMs: number;
  max: number;
  /** Defaults to the process's bus (getInvalidationBus). */
  bus?: InvalidationBus | Promise<InvalidationBus>;
  /** Milliseconds clock, for tests. */
  now?: () => number;
}

export interface TtlCache<V> {
  /** Resolves once this instance receives broadcasts: await it before caching what a broadcast could invalidate. */
  ready(): Promise<void>;
  get(key: string): V | undefined;
  /**
   * `tags` group entries for invalidateTag (e.g. a project id). With `ifEpoch` (from epoch() before a load), the
   * value is not cached when an invalidation arrived meanwhile, so a load racing a revocation cannot re-cache.
   */
  set(key: string, value: V, options?: { tags?: readonly string[]; ifEpoch?: number }): void;
  /** Counts invalidations seen by this instance (local and broadcast). */
  epoch(): number;
  /** Drops the entry here at once; the returned promise settles once the broadcast is sent (failures are logged). */
  invalidate(key: string): Promise<void>;
  /** Drops every entry carrying `tag`, here and on every instance. */
  invalidateTag(tag: string): Promise<void>;
  close(): Promise<void>;
}

export function createTtlCache<V>({ name, ttlMs, max, bus, now = Date.now }: TtlCacheOptions): TtlCache<V> {
  const entries = new LRUCache<string, { value: V; expires: number; tags: readonly string[] }>({ max });
  let invalidations = 0;
  const apply = (message: string) => {
    invalidations++;
    if (message.startsWith("key:")) entries.delete(message.slice(4));
    else if (message.startsWith("tag:")) {
      const tag = message.slice(4);
      for (const [key, entry] of entries.entries()) if (entry.tags.includes(tag)) entries.delete(key);
    }
  };
  // Subscribed on first use (not at import, so importing a module that declares a cache reads no environment).
  let connected: Promise<InvalidationBus | null> | null = null;
  const connect = () =>
    (connected ??= Promise.resolve(bus ?? getInvalidationBus())
      .then(async (b) => {
        await b.subscribe(name, apply);
        return b;
      })
      .catch((err: unknown) => {
        log("cache").error({ cache: name, error: String(err) }, "cache invalidations will not be received (bus unavailable)");
        return null;
      }));
  const broadcast = async (message: string) => {
    apply(message);
    const b = await connect();
    await b?.publish(name, message).catch((err: unknown) => log("cache").error({ cache: name, error: String(err) }, "cache invalidation not broadcast"));
  };
  return {
    ready: async () => void (await connect()),
    get(key) {
      const hit = entries.get(key);
      const fresh = hit !== undefined && hit.expires > now();
      recordCacheLookup(name, fresh);
      if (!hit) return undefined;
      if (!fresh) {
        entries.delete(key);
        return undefined;
      }
      return hit.value;
    },
    set(key, value, options = {}) {
      void connect();
      if (options.ifEpoch !== undefined && options.ifEpoch !== invalidations) return;
      entries.set(key, { value, expires: now() + ttlMs, tags: options.tags ?? [] });
    },
    epoch: () => invalidations,
    invalidate: (key) => broadcast(`key:${key}`),
    invalidateTag: (tag) => broadcast(`tag:${tag}`),
    /** Drops every entry; the bus belongs to whoever created it and stays open. */
    async close() {
      entries.clear();
    },
  };
}
