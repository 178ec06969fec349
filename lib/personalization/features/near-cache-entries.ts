// The bookkeeping of the feature store's near cache (near-cache.ts), without Redis: the cached values, and the rule
// that keeps them correct when an invalidation overtakes a reply. Invalidations arrive on another connection than the
// reads, so "read sent, key changed, invalidation received, old value received" can happen; a value whose key was
// invalidated (or the whole cache flushed) while its read was in flight is therefore not kept.
import { LRUCache } from "lru-cache";

export interface NearCacheEntries<V extends object> {
  /** The cached value of each key, undefined where there is none. */
  lookup(keys: readonly string[]): (V | undefined)[];
  /** Marks reads of `keys` as in flight; the returned function keeps their results (nulls are not kept). */
  begin(keys: readonly string[]): (values: readonly (Sized<V> | null | undefined)[]) => void;
  /** Another client changed these keys (or Redis dropped them). */
  invalidate(keys: readonly string[]): void;
  /** Everything may have changed (FLUSHDB, a lost connection, tracking turned off). */
  flush(): void;
  readonly size: number;
}

/** A value and what it costs to keep (the length of its stored JSON). */
export interface Sized<V> {
  value: V;
  size: number;
}

export interface NearCacheLimits {
  /** The total size kept (in characters of stored JSON); least recently used entries go first. */
  maxSize: number;
  /** A bound on any entry's age, should an invalidation ever be missed; invalidations are the normal path. */
  maxAgeMs: number;
}

export function createNearCacheEntries<V extends object>(o: NearCacheLimits): NearCacheEntries<V> {
  const values = new LRUCache<string, V>({ maxSize: o.maxSize, ttl: o.maxAgeMs, ttlAutopurge: false });
  // Reads in flight per key, and the keys among them that were invalidated meanwhile.
  const inflight = new Map<string, number>();
  const invalidatedInFlight = new Set<string>();
  let generation = 0;
  return {
    lookup: (keys) => keys.map((k) => values.get(k)),
    begin(keys) {
      const started = generation;
      for (const k of keys) inflight.set(k, (inflight.get(k) ?? 0) + 1);
      return (got) => {
        keys.forEach((k, i) => {
          const v = got[i];
          if (v && started === generation && !invalidatedInFlight.has(k)) values.set(k, v.value, { size: Math.max(1, v.size) });
          const left = inflight.get(k)! - 1;
          if (left > 0) inflight.set(k, left);
          else {
            inflight.delete(k);
            invalidatedInFlight.delete(k);
          }
        });
      };
    },
    invalidate(keys) {
      for (const k of keys) {
        values.delete(k);
        if (inflight.has(k)) invalidatedInFlight.add(k);
      }
    },
    flush() {
      generation++;
      values.clear();
    },
    get size() {
      return values.size;
    },
  };
}
