import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { metricRollups, monitoringForecasts } from "@/db/schema";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { forecastSeries } from "@/lib/monitoring/forecast/forecast";
import { storedQualityForecasts } from "@/lib/monitoring/store/forecasts";
import { MONITORING_FORECASTS_REQUESTED, monitoringForecasts as forecastsJob } from "@/inngest/functions/monitoring-forecasts";

const t = seededDatabase();
const DAY = 86_400_000;
const runDay = new Date(Date.UTC(2026, 10, 16));

/** `days` daily rollups before runDay: a weekly cycle around `level`, plus `trend` per day, over `count` observations. */
function daily(metric: string, days: number, level: number, trend: number, count = 200) {
  let s = metric.length * 7919;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: days }, (_, k) => {
    const ago = days - k;
    const ts = runDay.getTime() - ago * DAY;
    const weekly = 0.02 * Math.sin((2 * Math.PI * new Date(ts).getUTCDay()) / 7);
    return {
      projectId: t.org.project.id, metric, granularity: "day" as const, bucketStart: new Date(ts), count,
      value: level + weekly + trend * k + 0.01 * (rnd() - 0.5),
    };
  });
}

test("the daily forecast job stores one row per metric and day, equal to a direct forecast of the rollups, clamped to the metric's domain", async () => {
  const pid = t.org.project.id;
  const thumbs = daily("thumbs_up_rate", 60, 0.9, 0.002); // climbing towards 100%: an unclamped model goes past it
  const errors = daily("error_rate", 60, 0.03, -0.0004); // falling towards 0%
  const requestErrors = daily("request_error_rate", 5, 0.05, 0); // too little history
  await t.h.db.insert(metricRollups).values([...thumbs, ...errors, ...requestErrors]);

  const runner = new EmbeddedRunner(t.h.db, [forecastsJob], { log: () => {} });
  const send = async (id: string, at: Date) => {
    await runner.send({ name: MONITORING_FORECASTS_REQUESTED, data: { projectId: pid, now: at.toISOString() }, id });
    await runner.drain();
  };
  await send("forecast-test-1", new Date(runDay.getTime() + 70 * 60_000));
  await send("forecast-test-2", new Date(runDay.getTime() + 6 * 3_600_000)); // a rerun the same day

  const rows = await t.h.db.select().from(monitoringForecasts).where(eq(monitoringForecasts.projectId, pid));
  expect(rows.map((r) => r.metric).sort()).toEqual(["error_rate", "request_error_rate", "thumbs_up_rate"]);
  expect(rows.every((r) => r.day.getTime() === runDay.getTime() && r.horizonDays === 30)).toBe(true);

  const short = rows.find((r) => r.metric === "request_error_rate")!;
  expect(short).toMatchObject({ model: null, forecast: null, reason: "5 days with enough data; forecasts need 14" });

  for (const [metric, series] of [["thumbs_up_rate", thumbs], ["error_rate", errors]] as const) {
    const row = rows.find((r) => r.metric === metric)!;
    const history = series.map((p) => ({ timestamp: p.bucketStart.toISOString(), value: p.value }));
    expect(row.history).toEqual(history);
    // The job passes each day's count with a rate (its intervals follow the expected daily volume).
    const counted = series.map((p) => ({ timestamp: p.bucketStart.toISOString(), value: p.value, count: p.count }));
    const direct = forecastSeries({ series: counted, horizon: 30, options: { evaluateHorizons: [7], sampling: "binomial" } });
    const stored = row.forecast as unknown as typeof direct;
    expect(row.model).toBe(direct.model);
    expect(stored.model).toBe(direct.model);
    // Backtested accuracy of the model and of the seasonal-naive baseline, as the lib computes them.
    expect(stored.backtest).toEqual(JSON.parse(JSON.stringify(direct.backtest)));
    expect(stored.backtest!.baseline.mase).toBeGreaterThan(0);
    expect(stored.candidates).toEqual(JSON.parse(JSON.stringify(direct.candidates)));
    // ... and 7 days ahead, from the same rolling origins.
    expect(stored.horizonBacktests).toEqual(JSON.parse(JSON.stringify(direct.horizonBacktests)));
    expect(stored.horizonBacktests![0]).toMatchObject({ horizon: 7, backtest: { folds: stored.backtest!.folds, horizon: 7 } });
    expect(stored.points).toHaveLength(30);
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    stored.points.forEach((p, h) => {
      const d = direct.points[h];
      expect(p.timestamp).toBe(d.timestamp);
      expect(p.value).toBeCloseTo(clamp(d.value), 12);
      expect(p.lower80).toBeCloseTo(clamp(d.lower80), 12);
      expect(p.upper80).toBeCloseTo(clamp(d.upper80), 12);
      expect(p.lower95).toBeCloseTo(clamp(d.lower95), 12);
      expect(p.upper95).toBeCloseTo(clamp(d.upper95), 12);
      for (const v of [p.value, p.lower80, p.upper80, p.lower95, p.upper95]) expect(v >= 0 && v <= 1).toBe(true);
    });
    expect(stored.points[0].timestamp).toBe(runDay.toISOString());
  }
  // The unclamped models do leave [0, 1] here, so the clamp is what keeps the stored bands possible.
  const rawThumbs = forecastSeries({ series: thumbs.map((p) => ({ timestamp: p.bucketStart.toISOString(), value: p.value })), horizon: 30 });
  expect(Math.max(...rawThumbs.points.map((p) => p.upper95))).toBeGreaterThan(1);

  // What the page reads: the latest stored day, in catalog order, with the time it was computed.
  const page = await storedQualityForecasts(t.h.db, pid);
  expect(page?.day).toBe(runDay.toISOString());
  expect(page?.items.map((i) => [i.metric, i.label])).toEqual([
    ["thumbs_up_rate", "Thumbs-up rate"],
    ["error_rate", "Product error rate"],
    ["request_error_rate", "Trace error rate"],
  ]);
  expect(page?.items[0].computedAt).toBe(rows.find((r) => r.metric === "thumbs_up_rate")!.computedAt.toISOString());
  // Another project sees nothing of it.
  expect(await storedQualityForecasts(t.h.db, t.org.org.id)).toBeNull();
  const other = await t.h.db.select().from(monitoringForecasts).where(and(eq(monitoringForecasts.projectId, pid), eq(monitoringForecasts.metric, "sessions")));
  expect(other).toHaveLength(0);
}, 120_000);
