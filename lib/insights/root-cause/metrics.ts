/**
 * The metrics root cause analysis can explain. Each is a sum (Adtributor's additive measures), a ratio of two sums
 * (rates and means, decomposed into rate and mix effects) or a percentile (explained through the share of items
 * above the baseline percentile, which is a ratio). Labels and units come from the monitoring catalog where the
 * metric is one of its rollups, so a root cause reads like the anomaly it explains.
 */
import { metricInfo } from "@/lib/monitoring/rollups/catalog";

export type MetricKind = "sum" | "ratio" | "percentile";
/**
 * trace: one row per trace (LLM requests); event: one row per product event (sessions, messages, feedback); point:
 * one row per custom metric point (POST /api/v1/metrics), its dimensions the point's own.
 */
export type MetricGrain = "trace" | "event" | "point";

export interface RootCauseMetric {
  kind: MetricKind;
  grain: MetricGrain;
  label: string;
  unit: string;
  /** The monitoring rollup this metric explains (anomalies on that rollup are analysed with it). */
  monitoring?: string;
  /** Percentiles only: the quantile (0.95 for p95). */
  quantile?: number;
  /** Monitoring rollups whose direction is reversed here (thumbs-up rate is explained as the thumbs-down rate). */
  inverts?: boolean;
}

const fromMonitoring = (monitoring: string, kind: MetricKind, grain: MetricGrain, extra: Partial<RootCauseMetric> = {}): RootCauseMetric => {
  const info = metricInfo(monitoring);
  return { kind, grain, label: info.label, unit: info.unit, monitoring, ...extra };
};

export const ROOT_CAUSE_METRICS = {
  traces: fromMonitoring("requests", "sum", "trace", { label: "Traces", unit: "traces" }),
  cost: fromMonitoring("cost", "sum", "trace"),
  tokens: fromMonitoring("tokens", "sum", "trace"),
  error_rate: fromMonitoring("request_error_rate", "ratio", "trace"),
  latency_mean: { kind: "ratio", grain: "trace", label: "Latency mean", unit: "ms" },
  latency_p50: fromMonitoring("latency_p50", "percentile", "trace", { quantile: 0.5 }),
  latency_p95: fromMonitoring("latency_p95", "percentile", "trace", { quantile: 0.95 }),
  // No monitoring rollup watches p99; it is served from the same latency sketches as p50 and p95.
  latency_p99: { kind: "percentile", grain: "trace", label: "Latency p99", unit: "ms", quantile: 0.99 },
  thumbs_down_rate: { kind: "ratio", grain: "trace", label: "Thumbs-down rate (trace ratings)", unit: "%" },
  sessions: fromMonitoring("sessions", "sum", "event"),
  messages: fromMonitoring("messages", "sum", "event"),
  event_error_rate: fromMonitoring("error_rate", "ratio", "event"),
  feedback_down_rate: fromMonitoring("thumbs_up_rate", "ratio", "event", { label: "Thumbs-down rate (feedback events)", unit: "%", inverts: true }),
  // A custom metric (its name in the request's `customMetric`): the mean of its points, as the monitoring rollups show it.
  custom: { kind: "ratio", grain: "point", label: "Custom metric (mean of points)", unit: "" },
} as const satisfies Record<string, RootCauseMetric>;

export type RootCauseMetricName = keyof typeof ROOT_CAUSE_METRICS;
/** The built-in metrics by name (a custom metric is asked for as `custom:<name>`). */
export const ROOT_CAUSE_METRIC_NAMES = Object.keys(ROOT_CAUSE_METRICS).filter((n) => n !== "custom") as [Exclude<RootCauseMetricName, "custom">, ...Exclude<RootCauseMetricName, "custom">[]];
export const CUSTOM_METRIC_PREFIX = "custom:";

/** The metrics a person can explain: every built-in one, then the project's custom metrics as `custom:<name>`. */
export function explorerMetrics(customNames: readonly string[]): { name: string; label: string }[] {
  return [
    ...ROOT_CAUSE_METRIC_NAMES.map((name) => ({ name, label: ROOT_CAUSE_METRICS[name].label })),
    ...customNames.map((n) => ({ name: `${CUSTOM_METRIC_PREFIX}${n}`, label: `${n} (custom metric, mean of points)` })),
  ];
}

/** The root-cause metric that explains a monitoring rollup, or null (custom metrics, drift features, active users). */
export function metricForMonitoring(monitoring: string): RootCauseMetricName | null {
  const hit = ROOT_CAUSE_METRIC_NAMES.find((name) => (ROOT_CAUSE_METRICS[name] as RootCauseMetric).monitoring === monitoring);
  return hit ?? null;
}
