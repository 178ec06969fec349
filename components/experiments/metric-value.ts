// An experiment metric's value in its unit: rates (binomial metrics, or keys naming a rate) as percentages.
import type { MetricResult } from "@/lib/experiments/results-types";
import { formatMetricValue } from "@/components/format";

export function formatExperimentValue(metric: Pick<MetricResult, "metricKey" | "metricType">, value: number | null | undefined): string {
  const isRate = metric.metricType === "binomial" || /rate|ctr/.test(metric.metricKey);
  return formatMetricValue(value, isRate ? "%" : "");
}
