import { describe, expect, it } from "vitest";
import { hourlySeries, HOUR, T0 } from "../../../tests/support/synthetic-series";
import { forecastSeries, forecastSeriesInputSchema } from "./forecast";
import { coverage, mase, maseScale, smape } from "./metrics";
import { seasonalNaive } from "./models";

describe("forecast metrics", () => {
  it("sMAPE, MASE and coverage on a hand-checkable case", () => {
    // sMAPE = (200*10/210 + 200*20/380) / 2 = 10.025062656641603
    expect(smape([100, 200, Number.NaN], [110, 180, 1])).toBeCloseTo(10.025062656641603, 12);
    // Seasonal-naive (lag 2) in-sample MAE of [1, 2, 2, 4, 3] = (1 + 2 + 1) / 3
    expect(maseScale([1, 2, 2, 4, 3], 2)).toBeCloseTo(4 / 3, 12);
    expect(mase([10, 12], [11, 10], 4 / 3)).toBeCloseTo(1.5 / (4 / 3), 12);
    expect(coverage([1, 5, 9, Number.NaN], [0, 0, 0, 0], [2, 6, 8, 1])).toEqual({ inside: 2, total: 3 });
  });

  it("seasonal-naive intervals widen with each whole cycle ahead", () => {
    // Residuals y[t] - y[t-3] = [0,0,0,0,0,1] -> sigma = sqrt(1/5); z(0.8) = 1.2815515655446004
    const f = seasonalNaive(Float64Array.from([1, 2, 3, 1, 2, 3, 1, 2, 4]), 3, 4, [0.8]);
    expect(f.point).toEqual([1, 2, 4, 1]);
    const iv = f.intervals.get(0.8)!;
    const sigma = Math.sqrt(1 / 5);
    expect(iv.upper[0] - f.point[0]).toBeCloseTo(1.2815515655446004 * sigma, 9);
    expect(iv.upper[3] - f.point[3]).toBeCloseTo(1.2815515655446004 * sigma * Math.SQRT2, 9);
  });
});

describe("forecastSeries", () => {
  const series = hourlySeries({ hours: 21 * 24, weekly: 6, seed: 21, missing: (t) => t % 50 === 7 });

  it("forecasts a seasonal series with nested intervals and a backtest against seasonal naive", () => {
    const r = forecastSeries({ series, horizon: 24 });
    expect(r.model).toMatch(/^mstl_ets\(24/);
    expect(r.points).toHaveLength(24);
    expect(r.points[0].timestamp).toBe(new Date(T0 + 21 * 24 * HOUR).toISOString());
    for (const p of r.points) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
    }
    // The daily cycle (amplitude 10, noise 1) must be forecast, not flattened.
    const values = r.points.map((p) => p.value);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(12);
    const bt = r.backtest!;
    expect(bt.folds).toBe(6); // rolling origins on 504 hourly points: round(3000 / 504)
    expect(bt.model.mase).toBeLessThan(1.5);
    expect(bt.model.mase).toBeLessThanOrEqual(bt.baseline.mase * 1.2);
    expect(bt.model.coverage95).toBeGreaterThan(0.7);
    expect(bt.baseline.smape).toBeGreaterThan(0);
    expect(r.candidates.map((c) => c.model)).toContain("ets");
  });

  it("falls back to non-seasonal ETS for short series and echoes epoch-ms timestamps", () => {
    const short = Array.from({ length: 40 }, (_, i) => ({ timestamp: 60_000 * i, value: 50 + 0.5 * i + Math.sin(i) }));
    const r = forecastSeries({ series: short, horizon: 5, levels: [0.5] });
    expect(r.model).toBe("ets");
    expect(r.points.map((p) => p.timestamp)).toEqual([40, 41, 42, 43, 44].map((i) => 60_000 * i));
    expect(r.points[4].value).toBeGreaterThan(60);
    expect(r.points[0].intervals?.["0.5"].lower).toBeGreaterThan(r.points[0].lower80);
  });

  it("validates its input", () => {
    expect(forecastSeriesInputSchema.safeParse({ series, horizon: 0 }).success).toBe(false);
    expect(forecastSeriesInputSchema.safeParse({ series: series.slice(0, 3), horizon: 2 }).success).toBe(false);
    expect(forecastSeriesInputSchema.safeParse({ series, horizon: 3, levels: [1.2] }).success).toBe(false);
  });
});
