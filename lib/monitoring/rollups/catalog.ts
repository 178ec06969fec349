/** Built-in monitored metrics: what each measures, its unit, and whether it is a rate over a small count. */
export interface MetricInfo {
  label: string;
  unit: string;
  /** Rates are only meaningful over enough observations; buckets with fewer are treated as missing by detection. */
  rate: boolean;
  /** Higher is better (thumbs-up rate) or worse (error rate); undefined when neither. */
  higherIsBetter?: boolean;
  /** Values the metric can take: rates live in [0, 1], counts/latency/cost never go below 0; unknown for custom metrics. */
  domain?: MetricDomain;
}

export type MetricDomain = "unit_interval" | "non_negative";

export const BUILTIN_METRICS: Record<string, MetricInfo> = {
  sessions: { domain: "non_negative", label: "Sessions", unit: "sessions", rate: false },
  messages: { domain: "non_negative", label: "Messages", unit: "messages", rate: false },
  error_rate: { domain: "unit_interval", label: "Error rate (events)", unit: "%", rate: true, higherIsBetter: false },
  thumbs_up_rate: { domain: "unit_interval", label: "Thumbs-up rate", unit: "%", rate: true, higherIsBetter: true },
  requests: { domain: "non_negative", label: "LLM requests", unit: "requests", rate: false },
  request_error_rate: { domain: "unit_interval", label: "Request error rate", unit: "%", rate: true, higherIsBetter: false },
  latency_p50: { domain: "non_negative", label: "Latency p50", unit: "ms", rate: false, higherIsBetter: false },
  latency_p95: { domain: "non_negative", label: "Latency p95", unit: "ms", rate: false, higherIsBetter: false },
  cost: { domain: "non_negative", label: "Cost", unit: "USD", rate: false },
  tokens: { domain: "non_negative", label: "Tokens", unit: "tokens", rate: false },
};

export function metricInfo(metric: string): MetricInfo {
  return BUILTIN_METRICS[metric] ?? { label: metric, unit: "", rate: false };
}

export const isBuiltinMetric = (metric: string) => Object.hasOwn(BUILTIN_METRICS, metric);

/** Minimum observations behind a rate before detection trusts it. */
export const MIN_RATE_COUNT = 20;

/** Clamps a value into a metric domain (unknown domain: unchanged). */
export function clampToDomain(value: number, domain: MetricDomain | undefined): number {
  if (!domain || !Number.isFinite(value)) return value;
  return domain === "unit_interval" ? Math.min(1, Math.max(0, value)) : Math.max(0, value);
}

/**
 * A detector's or forecast's expected value and band clamped into the metric's domain: a model fitted on a rate can
 * extrapolate past 100% or below 0%, which no reader should see. The observed value is never touched.
 */
export function clampBand<T extends { expected: number; lower: number; upper: number }>(metric: string, band: T): T {
  const domain = metricInfo(metric).domain;
  if (!domain) return band;
  return { ...band, expected: clampToDomain(band.expected, domain), lower: clampToDomain(band.lower, domain), upper: clampToDomain(band.upper, domain) };
}
