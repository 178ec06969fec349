/** Built-in monitored metrics: what each measures, its unit, and whether it is a rate over a small count. */
export interface MetricInfo {
  /** The metric's one name: every page that shows this quantity uses it, and no other quantity uses it. */
  label: string;
  /** How it is computed, in words a reader can check (shown in the KPI's "how is this computed" popover). */
  definition?: string;
  unit: string;
  /** Rates are only meaningful over enough observations; buckets with fewer are treated as missing by detection. */
  rate: boolean;
  /** Higher is better (thumbs-up rate) or worse (error rate); undefined when neither. */
  higherIsBetter?: boolean;
  /** Values the metric can take: rates live in [0, 1], counts/latency/cost never go below 0; unknown for custom metrics. */
  domain?: MetricDomain;
  /** Buckets with fewer observations are treated as missing by detection and forecasts (a p95 of 5 calls is their max). */
  minCount?: number;
  /** How precisely one bucket is known from its count; the detector never calls a move smaller than that an anomaly. */
  noise?: SamplingNoise;
}

/**
 * binomial: a rate over n, sqrt(p(1-p)/n). poisson: a count of events, sqrt(count). per_event: a sum or a percentile
 * over n events whose values spread about as widely as their mean (latency, tokens, cost): about level/sqrt(n).
 */
export type SamplingNoise = "binomial" | "poisson" | "per_event";

export type MetricDomain = "unit_interval" | "non_negative";

/** Minimum observations behind a rate before detection trusts it. */
export const MIN_RATE_COUNT = 20;

const rate = { domain: "unit_interval", rate: true, unit: "%", minCount: MIN_RATE_COUNT, noise: "binomial" } as const;
const count = { domain: "non_negative", rate: false, noise: "poisson" } as const;
const perEvent = { domain: "non_negative", rate: false, noise: "per_event" } as const;

export const BUILTIN_METRICS: Record<string, MetricInfo> = {
  sessions: { ...count, label: "Product sessions", unit: "sessions", definition: "Count of session events (the catalog's session role, default session_started). Not the trace sessions on the Sessions page, which group traces by session id." },
  messages: { ...count, label: "Messages", unit: "messages", definition: "Count of message events (the catalog's message role, default message_sent)." },
  active_users: { ...count, label: "Active users", unit: "users", definition: "Distinct user ids among product events." },
  error_rate: { ...rate, label: "Product error rate", higherIsBetter: false, definition: "error events ÷ (message + error events), from product events (catalog roles, defaults message_sent and error)." },
  thumbs_up_rate: { ...rate, label: "Thumbs-up rate", higherIsBetter: true, definition: "feedback events rated up ÷ all feedback events." },
  requests: { ...count, label: "Traces", unit: "traces", definition: "Count of traces (per model: count of generation calls)." },
  request_error_rate: { ...rate, label: "Trace error rate", higherIsBetter: false, definition: "Traces at level ERROR ÷ traces (per model: generation calls at level ERROR ÷ generation calls)." },
  latency_p50: { ...perEvent, label: "Latency p50", unit: "ms", higherIsBetter: false, minCount: 10, definition: "Median trace latency (per model: generation call duration)." },
  latency_p95: { ...perEvent, label: "Latency p95", unit: "ms", higherIsBetter: false, minCount: 40, definition: "95th percentile of trace latency (per model: generation call duration)." },
  cost: { ...perEvent, label: "Cost", unit: "USD", definition: "Sum of trace costs: the priced model calls inside them (per model: generation calls)." },
  tokens: { ...perEvent, label: "Tokens", unit: "tokens", definition: "Sum of trace tokens, input + output (per model: generation calls)." },
};

/**
 * Quantities shown as KPIs outside monitoring, named and defined here beside the monitored ones so no two places
 * give one name to different quantities (the Costs board counts model calls, not traces).
 */
export const BOARD_METRICS = {
  model_calls: { label: "Model calls", definition: "Generation and embedding observations, Prism's own calls excluded." },
  model_call_error_rate: { label: "Model-call error rate", definition: "Model calls at level ERROR ÷ model calls." },
  model_call_cost: { label: "Model-call cost", definition: "Sum of the cost of model calls (generations and embeddings)." },
  model_call_tokens: { label: "Model-call tokens", definition: "Sum of tokens of model calls, input + output." },
  user_events: { label: "Product events", definition: "Product events sent with this user id." },
  user_sessions: {
    label: "Sessions, all sources",
    definition: "Distinct session ids among the user's product events and traces, plus their Spectrum sessions. Neither the Overview's product sessions (session events) nor the Sessions page's trace sessions alone.",
  },
} as const satisfies Record<string, { label: string; definition: string }>;

export function metricInfo(metric: string): MetricInfo {
  return BUILTIN_METRICS[metric] ?? { label: metric, unit: "", rate: false };
}

export const isBuiltinMetric = (metric: string) => Object.hasOwn(BUILTIN_METRICS, metric);

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
