import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hourlySeries, HOUR, T0 } from "../../../tests/support/synthetic-series";
import { generateDemoData } from "../../demo/generate";
import { detectAnomalies, detectAnomaliesInputSchema, normalBand, scorePoints } from "./detect";

// Two weeks hourly with a daily cycle (amplitude 10) and noise sd 1.
const HOURS = 14 * 24;
const series2w = (o: Omit<Parameters<typeof hourlySeries>[0], "hours">) => hourlySeries({ hours: HOURS, weekly: 0, ...o });
const at = (t: number) => new Date(T0 + t * HOUR).toISOString();
const hourOf = (ts: string | number) => (Date.parse(String(ts)) - T0) / HOUR;

describe("detectAnomalies", () => {
  it("stays quiet on a clean seasonal series with missing points", () => {
    const series = series2w({ seed: 3, missing: (t) => t % 23 === 0 });
    const { anomalies, incidents, meta } = detectAnomalies({ series });
    expect(anomalies).toEqual([]);
    expect(incidents).toEqual([]);
    expect(meta.missing).toBe(15);
  });

  it("averages the last observations, not the last grid slots, on an irregularly sampled series", () => {
    // Bursts of 4 hourly readings every 10 hours (the median step stays an hour, 60% of the grid is empty), as
    // NAB's traffic sensors report: a 6-slot mean there averages one to four values, a 6-observation mean always six.
    const series = series2w({ seed: 8, missing: (t) => t % 10 >= 4 });
    const { grid, tests } = scorePoints(series);
    expect(grid.stepMs).toBe(HOUR);
    const observed = [...grid.values.keys()].filter((t) => !Number.isNaN(grid.values[t]));
    for (const [k, t] of observed.entries()) {
      const last = observed.slice(Math.max(0, k - 5), k + 1).map((u) => tests.net[u]);
      expect(tests.smoothed[t]).toBeCloseTo(last.reduce((a, b) => a + b, 0) / last.length, 9);
    }
    // And the clean series raises nothing.
    expect(detectAnomalies({ series }).incidents).toEqual([]);
  });

  it("flags a spike and a drop with expected value, band, direction and a score in [0, 1]", () => {
    const effect = (t: number) => (t === 200 ? 40 : t === 260 ? -40 : 0);
    const { anomalies, incidents } = detectAnomalies({ series: series2w({ seed: 4, effect }) });
    expect(anomalies.map((a) => [hourOf(a.timestamp), a.kind, a.direction])).toEqual([
      [200, "spike", "up"],
      [260, "drop", "down"],
    ]);
    for (const a of anomalies) {
      expect(a.lower).toBeLessThan(a.expected);
      expect(a.expected).toBeLessThan(a.upper);
      expect(Math.abs(a.value - a.expected)).toBeGreaterThan(20);
      expect(a.score).toBeGreaterThan(0.99999);
      expect(a.score).toBeLessThanOrEqual(1);
    }
    expect(incidents).toHaveLength(2);
  });

  it("draws a band that every flagged value lies outside and every unflagged value inside, whichever test flagged it", () => {
    // A spike (error test), a slow climb to a new high (level and sustained tests), a drop, missing points, and a
    // count-like series with a noise floor: the band is what would not have been flagged, so it never contradicts.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 1, max: 50, noNaN: true }), (seed, size) => {
        const effect = (t: number) => (t === 150 ? 5 * size : t >= 220 && t < 260 ? (t - 220) * 0.2 * size : t === 300 ? -4 * size : 0);
        const series = series2w({ seed, effect, noise: size / 10, missing: (t) => t % 31 === 0 });
        for (const noiseFloor of [undefined, size / 5]) {
          const scored = scorePoints(series, { noiseFloor });
          const threshold = 5;
          for (let t = 0; t < series.length; t++) {
            const x = scored.grid.values[t];
            if (Number.isNaN(x) || Number.isNaN(scored.surprise[t])) continue;
            const [lower, upper] = normalBand(scored, t, threshold);
            const margin = 1e-9 * Math.max(1, Math.abs(x));
            if (scored.surprise[t] >= threshold + 1e-6) expect(x < lower + margin || x > upper - margin || Number.isNaN(lower)).toBe(true);
            else if (scored.surprise[t] < threshold - 1e-6) expect(lower - margin <= x && x <= upper + margin).toBe(true);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it("reports a persistent step as one incident near its onset, not an alarm at every later point", () => {
    const effect = (t: number) => (t >= 240 ? 40 : 0);
    const { anomalies, incidents } = detectAnomalies({ series: series2w({ seed: 5, effect }) });
    expect(incidents).toHaveLength(1);
    expect(incidents[0].direction).toBe("up");
    expect(hourOf(incidents[0].start)).toBe(240);
    expect(incidents[0].kind).toBe("level_shift");
    expect(incidents[0].points).toBe(anomalies.length);
    // Re-baselined: the new level is the new normal within a day (while the day-over-day test still sees hours
    // above the same hours on previous days, they extend the one incident rather than raising new alerts).
    expect(anomalies.every((a) => hourOf(a.timestamp) < 264)).toBe(true);
  });

  it("gives the same scores to the same shape at any scale, so one threshold serves every metric", () => {
    const effect = (t: number) => (t === 200 ? 30 : 0);
    const base = series2w({ seed: 6, effect });
    const scaled = base.map((p) => ({ ...p, value: p.value === null ? null : p.value * 1000 }));
    const one = detectAnomalies({ series: base, options: { pointScores: true } });
    const other = detectAnomalies({ series: scaled, options: { pointScores: true } });
    expect(other.points).toHaveLength(one.points!.length);
    other.points!.forEach((p, i) => expect(p.score).toBeCloseTo(one.points![i].score, 9));
    expect(one.points!.every((p) => p.score >= 0 && p.score <= 1)).toBe(true);
  });

  it("scores each point from its past only: revealing a series in steps gives the one-shot scores", () => {
    const series = series2w({ seed: 7, effect: (t) => (t === 150 || t === 300 ? 25 : 0) });
    const whole = detectAnomalies({ series, options: { pointScores: true } }).points!;
    const byTime = new Map(whole.map((p) => [p.timestamp, p.score]));
    for (const cut of [120, 160, 250, HOURS]) {
      const step = detectAnomalies({ series: series.slice(0, cut), options: { since: at(cut - 40), pointScores: true } }).points!;
      expect(step.length).toBeGreaterThan(0);
      for (const p of step) expect(p.score).toBe(byTime.get(p.timestamp));
      expect(step.every((p) => hourOf(p.timestamp) >= cut - 40)).toBe(true);
    }
  });

  it("groups consecutive anomalous points into one incident with start, end and peak", () => {
    const effect = (t: number) => (t === 200 ? 30 : t === 201 ? 60 : t === 202 ? 45 : 0);
    const { anomalies, incidents } = detectAnomalies({ series: series2w({ seed: 8, effect }) });
    expect(anomalies.length).toBeGreaterThanOrEqual(2);
    expect(incidents).toHaveLength(1);
    expect([hourOf(incidents[0].start), hourOf(incidents[0].peak)]).toEqual([200, 201]);
    expect(hourOf(incidents[0].end)).toBeGreaterThanOrEqual(201);
    expect(incidents[0].points).toBe(anomalies.length);
  });

  it("orders sensitivities: high finds at least as much as medium, medium as low", () => {
    const effect = (t: number) => (t % 50 === 49 ? 8 + (t % 7) : 0);
    const series = series2w({ seed: 9, effect });
    const count = (sensitivity: "low" | "medium" | "high") => detectAnomalies({ series, sensitivity }).anomalies.length;
    expect(count("low")).toBeLessThanOrEqual(count("medium"));
    expect(count("medium")).toBeLessThanOrEqual(count("high"));
  });

  it("echoes epoch-millisecond timestamps and never reports missing points", () => {
    const series = series2w({ seed: 8, effect: (t) => (t === 270 ? 40 : 0), missing: (t) => t === 271 })
      .map((p) => ({ timestamp: Date.parse(p.timestamp), value: p.value }));
    const { anomalies } = detectAnomalies({ series });
    expect(anomalies.map((a) => a.timestamp)).toContain(T0 + 270 * HOUR);
    expect(anomalies.every((a) => a.value !== null && Number.isFinite(a.value))).toBe(true);
  });

  it("copes with flat, zero-heavy and irregularly sampled series without inventing anomalies", () => {
    const flat = Array.from({ length: 240 }, (_, t) => ({ timestamp: at(t), value: t === 200 ? 9 : 5 }));
    expect(detectAnomalies({ series: flat }).incidents.map((i) => [i.start, i.kind])).toEqual([[at(200), "spike"]]);
    // A count that is 1 about every 17 hours and 0 otherwise is its normal behaviour.
    const sparse = Array.from({ length: 240 }, (_, t) => ({ timestamp: at(t), value: t % 17 === 0 ? 1 : 0 }));
    expect(detectAnomalies({ series: sparse }).incidents.length).toBeLessThanOrEqual(1);
    // Jittered timestamps (up to 10 minutes late) snap onto the hourly grid.
    const jittered = series2w({ seed: 10 }).map((p, t) => ({ ...p, timestamp: T0 + t * HOUR + ((t * 7919) % 10) * 60_000 }));
    expect(detectAnomalies({ series: jittered }).incidents).toEqual([]);
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
          expect(a.score >= 0 && a.score <= 1).toBe(true);
        }
      }),
      { numRuns: 15, seed: 42 },
    );
  });

  it("reports from since on, including an incident that began before it and is still running", () => {
    const effect = (t: number) => (t === 100 ? 40 : t >= 318 && t <= 320 ? 50 : 0);
    const series = series2w({ seed: 24, effect });
    const { anomalies, incidents } = detectAnomalies({ series, options: { since: at(319) } });
    expect(anomalies.every((a) => hourOf(a.timestamp) >= 319)).toBe(true);
    expect(incidents.map((i) => hourOf(i.start))).toEqual([318]);
    expect(detectAnomalies({ series, options: { since: at(HOURS + 5) } }).anomalies).toEqual([]);
  });

  it("measures deviations against a noise floor when one is given (rates over few observations)", () => {
    // A daily rate that often sits exactly on 80% (20 of 25) and moves by a vote or two; one day a vote above the
    // usual range (day 45), then a real collapse (day 55).
    const DAY_MS = 86_400_000;
    const wiggle = [0, 0, 0.04, 0, -0.04, 0, 0, 0.08, 0, -0.04];
    const series = Array.from({ length: 60 }, (_, d) => ({ timestamp: T0 + d * DAY_MS, value: d === 55 ? 0.4 : d === 45 ? 0.92 : 0.8 + wiggle[(d * 7) % 10] }));
    const loose = detectAnomalies({ series });
    expect(loose.anomalies.map((a) => a.timestamp)).toContain(T0 + 45 * DAY_MS); // one vote looks huge
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

describe("the demo's traffic drop", () => {
  // The demo injects a 60% drop in sessions 26 days before its anchor. Whatever weekday that is, the daily sessions
  // series (Poisson noise floor, as the monitoring jobs pass it) shows it as a drop. The predictor's first cycle
  // (no seasonal profile, no noise scale yet) used to leave huge errors in the error history that hid it on weekdays.
  const DAY = 86_400_000;
  it.each([0, 1, 2, 3, 4, 5, 6])("is found when the anchor is %i days after 2026-11-20", (offset) => {
    const anchor = new Date(Date.UTC(2026, 10, 20) + offset * DAY);
    const counts = new Map<number, number>();
    for (const e of generateDemoData({ anchor, seed: 42 }).events) {
      if (e.name !== "session_started") continue;
      const day = Math.floor(e.timestamp.getTime() / DAY) * DAY;
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    // The first day is partial in the product; the jobs treat it as missing.
    const series = [...counts].sort((a, b) => a[0] - b[0]).map(([timestamp, value], i) => ({ timestamp, value: i === 0 ? null : value }));
    const typical = [...counts.values()].sort((a, b) => a - b)[counts.size >> 1];
    const { incidents } = detectAnomalies({ series, options: { noiseFloor: Math.sqrt(typical) } });
    const drop = anchor.getTime() - 26 * DAY;
    expect(incidents.find((i) => Number(i.start) <= drop && drop <= Number(i.end))).toMatchObject({ direction: "down", kind: "drop" });
  });
});
