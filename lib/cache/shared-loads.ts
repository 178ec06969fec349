// One load shared by the callers that miss a cache entry at the same moment: when a short-lived entry expires under
// 50 concurrent requests, they would otherwise send 50 identical queries (and queue on the pool behind them).

/**
 * Returns `share(key, epoch, load, scope?)`: while a load of `key` is in flight, a caller with the same cache epoch
 * (TtlCache.epoch(), read before its miss) and the same `scope` (e.g. the database) waits for it instead of loading. A
 * caller that arrives after an invalidation has a newer epoch and starts its own load, so it never receives a value
 * read before the change. Nothing is kept once the load settles; caching the value is the caller's business.
 */
export function sharedLoads<V>() {
  const pending = new Map<string, { epoch: number; scope: unknown; promise: Promise<V> }>();
  return (key: string, epoch: number, load: () => Promise<V>, scope?: unknown): Promise<V> => {
    const inFlight = pending.get(key);
    if (inFlight && inFlight.epoch === epoch && inFlight.scope === scope) return inFlight.promise;
    const promise = load().finally(() => {
      if (pending.get(key)?.promise === promise) pending.delete(key);
    });
    pending.set(key, { epoch, scope, promise });
    return promise;
  };
}
