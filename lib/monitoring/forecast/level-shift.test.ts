import { describe, expect, it } from "vitest";
import { createRandom, gaussian } from "@/lib/primitives/random";
import { forecastSeries } from "./forecast";
import { levelShifts } from "./level-shift";

const noise = (seed: number, n: number, sd: number) => {
  const z = gaussian(createRandom(seed).next);
  return Array.from({ length: n }, () => sd * z());
};

describe("confirmed level shifts", () => {
  it("finds a planted shift within a couple of points, and none in noise alone", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const e = noise(seed, 60, 1);
      const shifted = e.map((v, i) => v + (i >= 25 ? 2 : 0));
      const found = levelShifts({ values: shifted, minSegment: 10 });
      expect(found).toHaveLength(1);
      expect(Math.abs(found[0] - 25)).toBeLessThanOrEqual(2);
      expect(levelShifts({ values: e, minSegment: 10 })).toEqual([]);
    }
  });

  it("does not take a one-day spike for a new level", () => {
    const e = noise(11, 60, 1).map((v, i) => (i === 30 ? v + 25 : v));
    expect(levelShifts({ values: e, minSegment: 10 })).toEqual([]);
  });

  it("needs the new level to have lasted minSegment points before confirming it", () => {
    const e = noise(12, 60, 1).map((v, i) => (i >= 52 ? v + 4 : v));
    expect(levelShifts({ values: e, minSegment: 10 })).toEqual([]);
    expect(levelShifts({ values: e, minSegment: 8 })).toEqual([52]);
  });

  it("weighs a rate's days by their count and skips missing ones", () => {
    // A 0.72 -> 0.86 rate over 20 to 80 ratings a day (binomial sd 0.05 to 0.1): unclear day by day, clear over weeks.
    const r = createRandom(21);
    const counts = Array.from({ length: 56 }, (_, i) => (i % 7 >= 5 ? 20 : 80));
    const values = counts.map((n, i) => {
      if (i === 10) return Number.NaN;
      let up = 0;
      for (let k = 0; k < n; k++) if (r.chance(i >= 20 ? 0.86 : 0.72)) up++;
      return up / n;
    });
    const found = levelShifts({ values, weights: counts, minSegment: 15 });
    expect(found).toHaveLength(1);
    expect(Math.abs(found[0] - 20)).toBeLessThanOrEqual(3);
  });
});

describe("forecasts after a level shift", () => {
  it("fit and calibrate on the new level, so the intervals hold their promise after it", () => {
    // Daily series with a weekly pattern that jumps by 8 noise sd 20 days before the end of 70.
    const e = noise(31, 70, 1);
    const series = e.map((v, i) => ({ timestamp: i * 86_400_000, value: 50 + 3 * Math.sin((2 * Math.PI * i) / 7) + v + (i >= 40 ? 8 : 0) }));
    const f = forecastSeries({ series, horizon: 7 });
    // The forecast is centred on the new level (58), not pulled toward the old one.
    for (const p of f.points) expect(Math.abs(p.value - 3 * Math.sin((2 * Math.PI * (70 + f.points.indexOf(p))) / 7) - 58)).toBeLessThan(2);
    // Its 95% interval is about as wide as the noise (± 1.96 sd ≈ 2, not stretched by the shift's residuals).
    const width = f.points[0].upper95 - f.points[0].lower95;
    expect(width).toBeLessThan(7);
    expect(width).toBeGreaterThan(2);
  });
});
