import { BOARD_METRICS, metricInfo } from "@/lib/monitoring/rollups/catalog";
import type { ReactNode } from "react";
import { Stat } from "./stat";

type BoardMetric = keyof typeof BOARD_METRICS;

/** A KPI whose name and definition come from the one metric catalog (lib/monitoring/rollups/catalog.ts). */
export function MetricStat({ metric, ...rest }: { metric: string; value: string; hint?: string; window?: string; compare?: ReactNode }) {
  const info = Object.hasOwn(BOARD_METRICS, metric) ? BOARD_METRICS[metric as BoardMetric] : metricInfo(metric);
  return <Stat label={info.label} definition={info.definition} {...rest} />;
}
