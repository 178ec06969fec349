/**
 * Quality forecasts: forecastSeries on the daily rollups of the key quality metrics.
 *
 * The monitoring-forecasts job (daily) refits them and stores one row per project, metric and day (a rerun the same
 * day replaces it); the Forecasts page reads the latest stored day. `qualityForecasts` computes the same thing on
 * request (the page's fallback before the job has ever run for a project).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { monitoringForecasts } from "@/db/schema";
import { experimentChangeTimes } from "@/lib/experiments/store/experiments";
import { forecastSeries, type ForecastResult } from "../forecast/forecast";
import { clampToDomain, metricInfo } from "../rollups/catalog";
import { readRollups } from "./read-rollups";

const DAY = 86_400_000;
/** Key quality metrics (rates; days below their minimum count are missing points). */
export const QUALITY_METRICS = ["thumbs_up_rate", "error_rate", "request_error_rate"] as const;
export const FORECAST_HORIZON_DAYS = 30;
/** The chosen model is also backtested 7 days ahead (the page's "in 7 days" figure). */
export const SHORT_HORIZON_DAYS = 7;
export const FORECAST_HISTORY_DAYS = 90;
const MIN_HISTORY = 14;

export interface QualityForecast {
  metric: string;
  label: string;
  unit: string;
  history: { timestamp: string; value: number | null }[];
  forecast: ForecastResult | null;
  /** Why there is no forecast (too little history). */
  reason?: string;
  /** When it was fitted (stored forecasts; on-request ones are fitted now). */
  computedAt?: string;
}

export const forecastDay = (now: Date) => new Date(Math.floor(now.getTime() / DAY) * DAY);

/** One metric's forecast from the complete days before `day`'s midnight, intervals clamped into its domain. */
export async function forecastQualityMetric(db: Db, projectId: string, metric: string, now = new Date()): Promise<QualityForecast> {
  const to = forecastDay(now); // complete days only
  const from = new Date(to.getTime() - FORECAST_HISTORY_DAYS * DAY);
  const info = metricInfo(metric);
  const rows = await readRollups(db, projectId, { metric, granularity: "day", from, to });
  const history = rows.map((r) => ({ timestamp: r.timestamp, value: r.count >= (info.minCount ?? 0) ? r.value : null }));
  const observed = history.filter((h) => h.value !== null).length;
  if (observed < MIN_HISTORY) {
    return { metric, label: info.label, unit: info.unit, history, forecast: null, reason: `${observed} days with enough data; forecasts need ${MIN_HISTORY}` };
  }
  // A rate's daily count goes with it: its intervals follow the sampling noise expected at each day's volume
  // (forecast/sampling.ts). Days below the minimum count have no rate and are neither fitted on nor scored.
  // The project's experiments starting or ending are known change events: the forecast re-baselines on them.
  const forecast = forecastSeries({
    series: history.map((h, i) => ({ ...h, count: rows[i].count })),
    horizon: FORECAST_HORIZON_DAYS,
    changes: await experimentChangeTimes(db, projectId, from, to),
    options: { evaluateHorizons: [SHORT_HORIZON_DAYS], ...(info.noise === "binomial" ? { sampling: "binomial" as const } : {}) },
  });
  // A rate lives in [0, 1] and a count never goes below 0: clamp the point and intervals rather than show
  // impossible values (the backtest scores stay those of the unclamped model).
  const c = (v: number) => clampToDomain(v, info.domain);
  forecast.points = forecast.points.map((p) => ({
    ...p,
    value: c(p.value),
    lower80: c(p.lower80),
    upper80: c(p.upper80),
    lower95: c(p.lower95),
    upper95: c(p.upper95),
  }));
  return { metric, label: info.label, unit: info.unit, history, forecast };
}

/** All key quality metrics, computed now. */
export async function qualityForecasts(db: Db, projectId: string, now = new Date()): Promise<QualityForecast[]> {
  const out: QualityForecast[] = [];
  for (const metric of QUALITY_METRICS) out.push(await forecastQualityMetric(db, projectId, metric, now));
  return out;
}

export interface ForecastRunSummary {
  day: string;
  metrics: { metric: string; model: string | null; reason?: string }[];
}

/** The daily run: refit every key quality metric and store it for the day (idempotent per project/metric/day). */
export async function runDailyForecasts(db: Db, projectId: string, now = new Date()): Promise<ForecastRunSummary> {
  const day = forecastDay(now);
  const items = await qualityForecasts(db, projectId, now);
  const computedAt = new Date();
  await db.transaction(async (tx) => {
    for (const item of items) {
      const row = {
        projectId,
        metric: item.metric,
        day,
        horizonDays: FORECAST_HORIZON_DAYS,
        model: item.forecast?.model ?? null,
        reason: item.reason ?? null,
        history: item.history,
        forecast: item.forecast as unknown as Record<string, unknown> | null,
        computedAt,
      };
      await tx
        .insert(monitoringForecasts)
        .values(row)
        .onConflictDoUpdate({ target: [monitoringForecasts.projectId, monitoringForecasts.metric, monitoringForecasts.day], set: row });
    }
  });
  return { day: day.toISOString(), metrics: items.map((i) => ({ metric: i.metric, model: i.forecast?.model ?? null, ...(i.reason ? { reason: i.reason } : {}) })) };
}

/** The latest stored day's forecasts of the project (key metrics in catalog order), or null when none is stored. */
export async function storedQualityForecasts(db: Db, projectId: string): Promise<{ day: string; items: QualityForecast[] } | null> {
  const [latest] = await db
    .select({ day: sql<Date>`max(${monitoringForecasts.day})`.mapWith(monitoringForecasts.day) })
    .from(monitoringForecasts)
    .where(eq(monitoringForecasts.projectId, projectId));
  if (!latest?.day) return null;
  const rows = await db
    .select()
    .from(monitoringForecasts)
    .where(and(eq(monitoringForecasts.projectId, projectId), eq(monitoringForecasts.day, latest.day)));
  const order = (m: string) => {
    const i = (QUALITY_METRICS as readonly string[]).indexOf(m);
    return i < 0 ? QUALITY_METRICS.length : i;
  };
  const items = rows
    .sort((a, b) => order(a.metric) - order(b.metric) || a.metric.localeCompare(b.metric))
    .map((r): QualityForecast => {
      const info = metricInfo(r.metric);
      return {
        metric: r.metric,
        label: info.label,
        unit: info.unit,
        history: r.history,
        forecast: r.forecast as unknown as ForecastResult | null,
        ...(r.reason ? { reason: r.reason } : {}),
        computedAt: r.computedAt.toISOString(),
      };
    });
  return { day: latest.day.toISOString(), items };
}
