/**
 * What to analyse for a detected anomaly: its bucket against the buckets before it (the seven days before a daily
 * anomaly, the 24 hours before an hourly one), the root-cause metric behind its rollup, and its series' segment
 * (an anomaly on the model = gpt-4o series is explained within that model).
 */
import { isBuiltinMetric } from "@/lib/monitoring/rollups/catalog";
import { type Dimension, METADATA_PREFIX, metadataKeySchema } from "./dimensions";
import { metricForMonitoring, type RootCauseMetricName } from "./metrics";

const HOUR = 3_600_000;
const STEP = { hour: HOUR, day: 24 * HOUR } as const;
const BASELINE_BUCKETS = { hour: 24, day: 7 } as const;
/** Rollup dimensions that are also root cause dimensions. */
const SERIES_DIMENSIONS: Record<string, Dimension> = { model: "model", environment: "environment" };

export interface AnomalyRef {
  metric: string;
  granularity: "hour" | "day";
  dimension: string;
  dimensionValue: string;
  timestamp: Date;
  kind: string;
}

export type AnomalyPlan =
  | { metric: RootCauseMetricName; customMetric?: string; baseline: { from: Date; to: Date }; current: { from: Date; to: Date }; filters: { dimension: Dimension; value: string }[] }
  | { reason: string };

export function anomalyAnalysis(a: AnomalyRef): AnomalyPlan {
  if (a.kind === "drift") return { reason: "Drift detections compare feature distributions; they have no metric to attribute." };
  // A monitored metric that is neither built in nor an evaluation score is a custom metric (its points' mean).
  const custom = !isBuiltinMetric(a.metric) && !a.metric.startsWith("eval:") ? a.metric : null;
  const metric = custom ? "custom" : metricForMonitoring(a.metric);
  if (!metric) return { reason: `Root cause analysis does not cover ${a.metric} (active users and evaluation scores have no per-row dimensions to attribute to).` };
  const filters: { dimension: Dimension; value: string }[] = [];
  if (a.dimension !== "all") {
    // A custom metric's series are per value of one of its points' dimension keys.
    const d = custom ? (metadataKeySchema.safeParse(a.dimension).success ? (`${METADATA_PREFIX}${a.dimension}` as Dimension) : undefined) : SERIES_DIMENSIONS[a.dimension];
    if (!d) return { reason: `The ${a.dimension} series has no matching root cause dimension.` };
    filters.push({ dimension: d, value: a.dimensionValue });
  }
  const step = STEP[a.granularity];
  const start = a.timestamp.getTime();
  return {
    metric,
    ...(custom ? { customMetric: custom } : {}),
    current: { from: new Date(start), to: new Date(start + step) },
    baseline: { from: new Date(start - BASELINE_BUCKETS[a.granularity] * step), to: new Date(start) },
    filters,
  };
}
