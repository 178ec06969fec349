/** Quality forecasts on request: forecastSeries on the daily rollups of the key quality metrics. */
import type { Db } from "@/db/client";
import { forecastSeries, type ForecastResult } from "../forecast/forecast";
import { metricInfo, MIN_RATE_COUNT } from "../rollups/catalog";
import { readRollups } from "../rollups/read";

const DAY = 86_400_000;
export const QUALITY_METRICS = ["thumbs_up_rate", "error_rate"] as const;
export const FORECAST_HORIZON_DAYS = 30;
const MIN_HISTORY = 14;

export interface QualityForecast {
  metric: string;
  label: string;
  unit: string;
  history: { timestamp: string; value: number | null }[];
  forecast: ForecastResult | null;
  /** Why there is no forecast (too little history). */
  reason?: string;
}

export async function qualityForecasts(db: Db, projectId: string, now = new Date()): Promise<QualityForecast[]> {
  const to = new Date(Math.floor(now.getTime() / DAY) * DAY); // complete days only
  const from = new Date(to.getTime() - 90 * DAY);
  const out: QualityForecast[] = [];
  for (const metric of QUALITY_METRICS) {
    const info = metricInfo(metric);
    const rows = await readRollups(db, projectId, { metric, granularity: "day", from, to });
    const history = rows.map((r) => ({ timestamp: r.timestamp, value: r.count >= MIN_RATE_COUNT ? r.value : null }));
    const observed = history.filter((h) => h.value !== null).length;
    if (observed < MIN_HISTORY) {
      out.push({ metric, label: info.label, unit: info.unit, history, forecast: null, reason: `${observed} days with enough data; forecasts need ${MIN_HISTORY}` });
      continue;
    }
    const forecast = forecastSeries({ series: history, horizon: FORECAST_HORIZON_DAYS });
    // Rates live in [0, 1]; clamp the intervals there rather than show impossible values.
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    forecast.points = forecast.points.map((p) => ({
      ...p,
      value: clamp(p.value),
      lower80: clamp(p.lower80),
      upper80: clamp(p.upper80),
      lower95: clamp(p.lower95),
      upper95: clamp(p.upper95),
    }));
    out.push({ metric, label: info.label, unit: info.unit, history, forecast });
  }
  return out;
}
