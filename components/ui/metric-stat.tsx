import { BOARD_METRICS, metricInfo, type BoardMetric } from "@/lib/monitoring/rollups/catalog";
import type { ReactNode } from "react";
import { Stat } from "./stat";

/**
 * A KPI whose name, definition and (fixed) window come from the one metric catalog (lib/monitoring/rollups/catalog.ts);
 * a page passes `window` when the KPI follows its time range. Every KPI card goes through here, so none lacks its
 * "how is this computed" popover.
 */
export function MetricStat({ metric, window, ...rest }: { metric: BoardMetric | (string & {}); value: string; hint?: string; window?: string; compare?: ReactNode }) {
  if (Object.hasOwn(BOARD_METRICS, metric)) {
    const info: { label: string; definition: string; window?: string } = BOARD_METRICS[metric as BoardMetric];
    return <Stat label={info.label} definition={info.definition} window={window ?? info.window} {...rest} />;
  }
  const info = metricInfo(metric);
  return <Stat label={info.label} definition={info.definition ?? `${info.label}, as sent to the metrics API.`} window={window} {...rest} />;
}
