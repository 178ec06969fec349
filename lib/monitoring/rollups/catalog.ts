/** Built-in monitored metrics: what each measures, its unit, and whether it is a rate over a small count. */
export interface MetricInfo {
  label: string;
  unit: string;
  /** Rates are only meaningful over enough observations; buckets with fewer are treated as missing by detection. */
  rate: boolean;
  /** Higher is better (thumbs-up rate) or worse (error rate); undefined when neither. */
  higherIsBetter?: boolean;
}

export const BUILTIN_METRICS: Record<string, MetricInfo> = {
  sessions: { label: "Sessions", unit: "sessions", rate: false },
  messages: { label: "Messages", unit: "messages", rate: false },
  error_rate: { label: "Error rate (events)", unit: "%", rate: true, higherIsBetter: false },
  thumbs_up_rate: { label: "Thumbs-up rate", unit: "%", rate: true, higherIsBetter: true },
  requests: { label: "LLM requests", unit: "requests", rate: false },
  request_error_rate: { label: "Request error rate", unit: "%", rate: true, higherIsBetter: false },
  latency_p50: { label: "Latency p50", unit: "ms", rate: false, higherIsBetter: false },
  latency_p95: { label: "Latency p95", unit: "ms", rate: false, higherIsBetter: false },
  cost: { label: "Cost", unit: "USD", rate: false },
  tokens: { label: "Tokens", unit: "tokens", rate: false },
};

export function metricInfo(metric: string): MetricInfo {
  return BUILTIN_METRICS[metric] ?? { label: metric, unit: "", rate: false };
}

export const isBuiltinMetric = (metric: string) => Object.hasOwn(BUILTIN_METRICS, metric);

/** Minimum observations behind a rate before detection trusts it. */
export const MIN_RATE_COUNT = 20;
