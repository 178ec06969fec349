import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hourlySeries, HOUR, T0 } from "../../../tests/support/synthetic-series";
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

  describe("scoring only the newest points (since)", () => {
    // Four weeks hourly with daily and weekly cycles; the last day is the tail.
    const HOURS4W = 4 * 168;
    const since = at(HOURS4W - 24);
    const onset = (a: { timestamp: string | number }) => (Date.parse(String(a.timestamp)) - T0) / HOUR;

    it("reports a spike and a drop in the tail, and nothing before it", () => {
      const effect = (t: number) => (t === 300 || t === HOURS4W - 10 ? 14 : t === HOURS4W - 4 ? -12 : 0);
      const series = hourlySeries({ hours: HOURS4W, weekly: 8, seed: 21, effect });
      const { anomalies, meta } = detectAnomalies({ series, options: { since } });
      expect(meta.mode).toBe("tail");
      expect(anomalies.map((a) => [onset(a), a.kind])).toEqual([
        [HOURS4W - 10, "spike"],
        [HOURS4W - 4, "drop"],
      ]);
      // The same points without `since`: the whole history is walked, the spike at 300 is found too.
      const full = detectAnomalies({ series });
      expect(full.meta.mode).toBe("full");
      expect(full.anomalies.map(onset)).toEqual(expect.arrayContaining([300, HOURS4W - 10, HOURS4W - 4]));
    });

    it("clears a quiet tail with the robust screen, without fitting a model", () => {
      const series = hourlySeries({ hours: HOURS4W, weekly: 8, seed: 30, missing: (t) => t % 41 === 0 });
      expect(detectAnomalies({ series, options: { since } })).toMatchObject({ anomalies: [], meta: { mode: "screened" } });
    });

    it("finds a level shift that starts in the tail", () => {
      const effect = (t: number) => (t >= HOURS4W - 22 ? 7 : 0);
      const series = hourlySeries({ hours: HOURS4W, weekly: 8, seed: 23, effect });
      const { anomalies } = detectAnomalies({ series, options: { since } });
      const shift = anomalies.find((a) => a.kind === "level_shift");
      expect(shift).toMatchObject({ direction: "up" });
      expect(Math.abs(onset(shift!) - (HOURS4W - 22))).toBeLessThanOrEqual(3);
    });

    it("walks short histories in full and still reports only from since on", () => {
      const effect = (t: number) => (t === 100 || t === 320 ? 15 : 0);
      const series = series2w({ seed: 24, effect });
      const { anomalies, meta } = detectAnomalies({ series, options: { since: at(300) } });
      expect(meta.mode).toBe("full");
      expect(anomalies.map(onset)).toEqual([320]);
      expect(detectAnomalies({ series, options: { since: at(HOURS + 5) } }).anomalies).toEqual([]);
    });
  });

  it("measures deviations against a noise floor when one is given (rates over few observations)", () => {
    // A daily rate that often sits exactly on 80% (20 of 25) and moves by a vote or two; then a real collapse.
    const DAY_MS = 86_400_000;
    const wiggle = [0, 0, 0.04, 0, -0.04, 0, 0, 0.08, 0, -0.04];
    const series = Array.from({ length: 60 }, (_, d) => ({ timestamp: T0 + d * DAY_MS, value: d === 55 ? 0.4 : 0.8 + wiggle[(d * 7) % 10] }));
    const loose = detectAnomalies({ series });
    expect(loose.anomalies.filter((a) => a.timestamp !== T0 + 55 * DAY_MS).length).toBeGreaterThan(0); // every vote looks huge
    const floored = detectAnomalies({ series, options: { noiseFloor: Math.sqrt((0.8 * 0.2) / 25) } });
    expect(floored.anomalies.map((a) => [a.timestamp, a.direction])).toEqual([[T0 + 55 * DAY_MS, "down"]]);
  });

  it("validates input with the exported schema", () => {
    expect(detectAnomaliesInputSchema.safeParse({ series: [{ timestamp: "yesterday", value: 1 }] }).success).toBe(false);
    expect(detectAnomaliesInputSchema.safeParse({ series: [{ timestamp: 0, value: Number.NaN }] }).success).toBe(false);
    expect(detectAnomaliesInputSchema.safeParse({ series: [], sensitivity: "extreme" }).success).toBe(false);
    expect(detectAnomaliesInputSchema.safeParse({ series: [{ timestamp: 0, value: null }], sensitivity: 1.5 }).success).toBe(true);
    expect(() => detectAnomalies({ series: [{ timestamp: "nope", value: 1 }] })).toThrow();
  });
});
