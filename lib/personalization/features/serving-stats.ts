// Serving figures of the feature API in this process: per project and view, online hits and misses and the latency of
// the last 1,000 requests that read the view. Per instance and since its start (the page says so). A hit is a value
// the online store had; `nearHits` counts the hits answered by this process's near cache without asking Redis.
const WINDOW = 1000;

interface ViewStats {
  hits: number;
  nearHits: number;
  misses: number;
  latencies: Float64Array;
  count: number;
}

export interface ServingStats {
  record(projectId: string, view: string, o: { hits: number; nearHits?: number; misses: number; ms: number }): void;
  summary(
    projectId: string,
  ): Map<string, { requests: number; hits: number; nearHits: number; misses: number; hitRatio: number | null; nearHitRatio: number | null; p50Ms: number | null; p95Ms: number | null }>;
}

export function createServingStats(): ServingStats {
  const byKey = new Map<string, ViewStats>();
  return {
    record(projectId, view, o) {
      const key = `${projectId}\u0000${view}`;
      let s = byKey.get(key);
      if (!s) byKey.set(key, (s = { hits: 0, nearHits: 0, misses: 0, latencies: new Float64Array(WINDOW), count: 0 }));
      s.hits += o.hits;
      s.nearHits += o.nearHits ?? 0;
      s.misses += o.misses;
      s.latencies[s.count % WINDOW] = o.ms;
      s.count++;
    },
    summary(projectId) {
      const out = new Map<string, ReturnType<ServingStats["summary"]> extends Map<string, infer V> ? V : never>();
      for (const [key, s] of byKey) {
        const [project, view] = key.split("\u0000");
        if (project !== projectId) continue;
        const sorted = Array.from(s.latencies.subarray(0, Math.min(s.count, WINDOW))).sort((a, b) => a - b);
        const at = (q: number) => (sorted.length ? Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2)) : null);
        const lookups = s.hits + s.misses;
        out.set(view, {
          requests: s.count,
          hits: s.hits,
          nearHits: s.nearHits,
          misses: s.misses,
          hitRatio: lookups ? s.hits / lookups : null,
          /** Share of all lookups answered in-process (a part of hitRatio). */
          nearHitRatio: lookups ? s.nearHits / lookups : null,
          p50Ms: at(0.5), p95Ms: at(0.95) });
      }
      return out;
    },
  };
}

const globalForStats = globalThis as unknown as { __prismFeatureStats?: ServingStats };

export function servingStats(): ServingStats {
  return (globalForStats.__prismFeatureStats ??= createServingStats());
}
