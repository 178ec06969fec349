import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hourlySeries, HOUR, T0 } from "../testing/synthetic";
import { classifyAnomalies, detectAnomalies, detectAnomaliesInputSchema, scoreSeries } from "./detect";
import { sensitivityMultiplier } from "./sensitivity";

// Two weeks hourly with a daily cycle (amplitude 10) and noise sd 1: short
// enough to keep the suite fast (weekly seasonality is exercised separately).
const HOURS = 14 * 24;
const series2w = (o: Omit<Parameters<typeof hourlySeries>[0], "hours">) => hourlySeries({ hours: HOURS, weekly: 0, ...o });
const at = (t: number) => new Date(T0 + t * HOUR).toISOString();

describe("detectAnomalies", () => {
  it("stays quiet on a clean seasonal series with missing points", () => {
    const series = series2w({ seed: 3, missing: (t) => t % 37 === 0 || (t >= 200 && t < 205) });
    const { anomalies, meta } = detectAnomalies({ series });
    expect(anomalies.length).toBeLessThanOrEqual(1);
    expect(meta.missing).toBe(15);
    expect(meta.periods).toContain(24);
  });

  it("flags a spike and a drop with expected value, band, direction and severity", () => {
    const effect = (t: number) => (t === 250 ? 15 : t === 300 ? -12 : 0);
    const { anomalies } = detectAnomalies({ series: series2w({ seed: 4, effect }) });
    const spike = anomalies.find((a) => a.timestamp === at(250));
    const drop = anomalies.find((a) => a.timestamp === at(300));
    expect(spike).toMatchObject({ kind: "spike", direction: "up" });
    expect(drop).toMatchObject({ kind: "drop", direction: "down" });
    for (const a of [spike!, drop!]) {
      expect(a.lower).toBeLessThan(a.expected);
      expect(a.expected).toBeLessThan(a.upper);
      expect(Math.abs(a.value - a.expected)).toBeGreaterThan(8); // expected is the un-spiked level
      expect(["medium", "high", "critical"]).toContain(a.severity);
    }
    expect(anomalies.filter((a) => a.kind === "spike" || a.kind === "drop")).toHaveLength(2);
  });

  it("reports a persistent step once, as a level shift near its onset", () => {
    const effect = (t: number) => (t >= 240 ? 6 : 0);
    const { anomalies } = detectAnomalies({ series: series2w({ seed: 5, effect }) });
    const shifts = anomalies.filter((a) => a.kind === "level_shift");
    expect(shifts).toHaveLength(1);
    expect(shifts[0].direction).toBe("up");
    const onset = (Date.parse(String(shifts[0].timestamp)) - T0) / HOUR;
    expect(Math.abs(onset - 240)).toBeLessThanOrEqual(3);
    expect(anomalies.filter((a) => a.kind === "drop")).toHaveLength(0);
  });

  it("reports a ramp as a trend, early, and not its plateau", () => {
    // 1.5 sd per hour for 12 hours, then flat: a fast rise, not a step.
    const effect = (t: number) => (t < 250 ? 0 : 1.5 * Math.min(t - 250, 12));
    const { anomalies } = detectAnomalies({ series: series2w({ seed: 6, effect }) });
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ kind: "trend", direction: "up" });
    expect((Date.parse(String(anomalies[0].timestamp)) - T0) / HOUR).toBeLessThan(256);
  });

  it("uses weekly seasonality on longer series (backcasting the first two weeks)", () => {
    // Four weeks, weekend-like weekly swing of +-8; spike in week 1 and week 4.
    const effect = (t: number) => (t === 100 || t === 600 ? 12 : 0);
    const series = hourlySeries({ hours: 4 * 168, weekly: 8, seed: 9, effect });
    const { anomalies, meta } = detectAnomalies({ series });
    expect(meta.periods).toEqual([24, 168]);
    expect(anomalies.map((a) => (Date.parse(String(a.timestamp)) - T0) / HOUR)).toEqual([100, 600]);
  });

  it("orders sensitivities: high finds at least as much as medium, medium as low", () => {
    const effect = (t: number) => (t === 260 ? 4.5 : t === 280 ? 6 : t === 310 ? 9 : 0);
    const series = series2w({ seed: 7, effect });
    const scored = scoreSeries(series)!; // expectations do not depend on sensitivity
    const count = (s: "low" | "medium" | "high") => classifyAnomalies(scored, sensitivityMultiplier(s)).length;
    const [low, medium, high] = [count("low"), count("medium"), count("high")];
    expect(low).toBeLessThanOrEqual(medium);
    expect(medium).toBeLessThanOrEqual(high);
    expect(high).toBeGreaterThan(low);
  });

  it("echoes epoch-millisecond timestamps and never reports missing points", () => {
    const series = series2w({ seed: 8, effect: (t) => (t === 270 ? 20 : 0), missing: (t) => t === 271 })
      .map((p) => ({ timestamp: Date.parse(p.timestamp), value: p.value }));
    const { anomalies } = detectAnomalies({ series });
    expect(anomalies.map((a) => a.timestamp)).toContain(T0 + 270 * HOUR);
    expect(anomalies.every((a) => a.value !== null && Number.isFinite(a.value))).toBe(true);
  });

  it("copes with flat and zero-heavy series without inventing anomalies", () => {
    const flat = Array.from({ length: 240 }, (_, t) => ({ timestamp: at(t), value: t === 200 ? 9 : 5 }));
    const { anomalies } = detectAnomalies({ series: flat });
    expect(anomalies.map((a) => [a.timestamp, a.kind])).toEqual([[at(200), "spike"]]);
    // A count that is 1 about every 17 hours and 0 otherwise is its normal behaviour.
    const sparse = Array.from({ length: 240 }, (_, t) => ({ timestamp: at(t), value: t % 17 === 0 ? 1 : 0 }));
    expect(detectAnomalies({ series: sparse }).anomalies.length).toBeLessThanOrEqual(2);
  });

  it("returns nothing (and does not throw) for series too short to judge", () => {
    expect(detectAnomalies({ series: hourlySeries({ hours: 10 }) }).anomalies).toEqual([]);
    expect(detectAnomalies({ series: [] }).anomalies).toEqual([]);
  });

  it("always returns well-formed anomalies (property)", () => {
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(value, { minLength: 0, maxLength: 60 }), fc.constantFrom("low" as const, "high" as const), (values, sensitivity) => {
        const series = values.map((v, i) => ({ timestamp: 60_000 * i, value: v }));
        const { anomalies } = detectAnomalies({ series, sensitivity });
        const stamps = new Set(series.filter((p) => p.value !== null).map((p) => p.timestamp));
        let last = -Infinity;
        for (const a of anomalies) {
          expect(stamps.has(a.timestamp as number)).toBe(true);
          expect(a.timestamp as number).toBeGreaterThanOrEqual(last);
          last = a.timestamp as number;
          expect(a.lower).toBeLessThanOrEqual(a.expected);
          expect(a.expected).toBeLessThanOrEqual(a.upper);
          expect(Number.isFinite(a.score) && a.score >= 0).toBe(true);
        }
      }),
      { numRuns: 15, seed: 42 },
    );
  });

  it("validates input with the exported schema", () => {
    expect(detectAnomaliesInputSchema.safeParse({ series: [{ timestamp: "yesterday", value: 1 }] }).success).toBe(false);
    expect(detectAnomaliesInputSchema.safeParse({ series: [{ timestamp: 0, value: Number.NaN }] }).success).toBe(false);
    expect(detectAnomaliesInputSchema.safeParse({ series: [], sensitivity: "extreme" }).success).toBe(false);
    expect(detectAnomaliesInputSchema.safeParse({ series: [{ timestamp: 0, value: null }], sensitivity: 1.5 }).success).toBe(true);
    expect(() => detectAnomalies({ series: [{ timestamp: "nope", value: 1 }] })).toThrow();
  });
});
