// Prism's own Prometheus metrics (prom-client), served by GET /api/metrics. One registry per process, kept on
// globalThis: Next.js bundles every route separately and dev reloads modules, and registering a metric name twice
// throws, so every instrument is created exactly once here. Names follow domain_metric_unit.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900];

function createInstruments(registry: Registry) {
  const cacheLookups = new Map<string, { hits: number; misses: number }>();
  const registers = [registry];
  return {
    registry,
    cacheLookups,
    httpRequests: new Counter({
      name: "prism_http_requests_total",
      help: "API requests answered, by method, route template and status code.",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "prism_http_request_duration_seconds",
      help: "API request latency from arrival to the response, by method, route template and status code.",
      labelNames: ["method", "route", "status"] as const,
      buckets: SECONDS,
      registers,
    }),
    ingestItems: new Counter({
      name: "prism_ingest_items_total",
      help: "Ingested items by item type and outcome (stored, invalid, refused, failed, sampled_out).",
      labelNames: ["type", "outcome"] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: "prism_job_duration_seconds",
      help: "Job attempt duration by job and outcome (succeeded, retried, dead).",
      labelNames: ["job", "outcome"] as const,
      buckets: JOB_SECONDS,
      registers,
    }),
    jobFailures: new Counter({
      name: "prism_job_failures_total",
      help: "Failed job attempts by job; final=true when the attempt dead-lettered the run.",
      labelNames: ["job", "final"] as const,
      registers,
    }),
    jobQueueDepth: new Gauge({
      name: "prism_job_queue_depth",
      help: "Job runs not finished, by status (queued, running), from the job ledger at scrape time.",
      labelNames: ["status"] as const,
      registers,
    }),
    jobBacklog: new Gauge({
      name: "prism_job_backlog_seconds",
      help: "Age of the oldest queued run that is due (0 when none waits), from the job ledger at scrape time.",
      registers,
    }),
    jobDeadLetters: new Gauge({
      name: "prism_job_dead_letters",
      help: "Dead-lettered job runs not replayed yet, by job, from the job ledger at scrape time.",
      labelNames: ["job"] as const,
      registers,
    }),
    llmCalls: new Counter({
      name: "prism_llm_calls_total",
      help: "LLM calls made by Prism itself (narratives, insights, judges), by provider, model and outcome.",
      labelNames: ["provider", "model", "outcome"] as const,
      registers,
    }),
    llmCost: new Counter({
      name: "prism_llm_cost_usd_total",
      help: "Cost in US dollars of the LLM calls made by Prism itself, by provider and model.",
      labelNames: ["provider", "model"] as const,
      registers,
    }),
    llmTokens: new Counter({
      name: "prism_llm_tokens_total",
      help: "Tokens of the LLM calls made by Prism itself, by provider, model and direction (input, output).",
      labelNames: ["provider", "model", "direction"] as const,
      registers,
    }),
    cacheRequests: new Counter({
      name: "prism_cache_requests_total",
      help: "In-process cache lookups by cache and result (hit, miss).",
      labelNames: ["cache", "result"] as const,
      registers,
    }),
    cacheHitRatio: new Gauge({
      name: "prism_cache_hit_ratio",
      help: "Share of lookups answered from the cache since the process started, by cache.",
      labelNames: ["cache"] as const,
      registers,
      collect() {
        for (const [cache, { hits, misses }] of cacheLookups) this.set({ cache }, hits + misses === 0 ? 0 : hits / (hits + misses));
      },
    }),
  };
}

export type Instruments = ReturnType<typeof createInstruments>;

const holder = globalThis as unknown as { __prismMetrics?: Instruments };

/** The process's instruments, created (with the Node.js process metrics, prefixed prism_) on first use. */
export function instruments(): Instruments {
  if (!holder.__prismMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "prism_" });
    holder.__prismMetrics = createInstruments(registry);
  }
  return holder.__prismMetrics;
}

/** The exposition: Prometheus text format and its content type. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const { registry } = instruments();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
