import { describe, expect, it } from "vitest";
import { createRandom } from "@/lib/primitives/random";
import { forecastSeries } from "./forecast";
import { binomialScale, expectedInverseCount } from "./sampling";

describe("a rate's sampling noise", () => {
  it("expects the same weekday's count over the last four weeks, scored days only", () => {
    // Weekdays 100 observations, weekends 10 (phase 5 and 6); day 3 of the last week has no rate (NaN).
    const counts = Array.from({ length: 35 }, (_, i) => (i % 7 >= 5 ? 10 : 100));
    const observed = counts.map((_, i) => (i === 31 ? Number.NaN : 0.8));
    const s = { observed, counts, period: 7 };
    expect(expectedInverseCount(s, 35, 40)).toBeCloseTo(1 / 10, 12); // a Saturday ahead
    expect(expectedInverseCount(s, 35, 36)).toBeCloseTo(1 / 100, 12);
    // No count known before the origin: nothing to expect.
    expect(expectedInverseCount({ observed, counts: counts.map(() => Number.NaN), period: 7 }, 35, 36)).toBeNaN();
  });

  it("rescales only the binomial part of the model's noise, by the day's expected count", () => {
    // p = 0.5 over about 100 a day: binomial sd about 0.05, the model's one-step sd (80% half-width z × 0.05). A day
    // whose expected 1/n is above the training days' mean gets a wider interval, by sqrt of their ratio.
    const z80 = 1.2815515655446004;
    const s = { observed: Array(28).fill(0.5), counts: [...Array(27).fill(100), 25], period: 1 };
    // period 1: the expectation is over the last four days (three of 100 and one of 25).
    const expected = (3 / 100 + 1 / 25) / 4;
    const mean = (27 / 100 + 1 / 25) / 28;
    // Sampling explains p(1-p) × mean(1/n) of the variance, at most all of the model's 0.05²: here all of it.
    const binomial = Math.min(0.25 * mean, 0.05 * 0.05);
    expect(binomial).toBeCloseTo(0.0025, 12);
    const [scale] = binomialScale(s, 28, [z80 * 0.05]);
    expect(scale).toBeCloseTo(Math.sqrt(1 + (binomial * (expected / mean - 1)) / 0.0025), 9);
    expect(scale).toBeCloseTo(Math.sqrt(expected / mean), 9);
    // A model twice as noisy as sampling explains: only the sampling part moves, so the day widens less.
    const [wide] = binomialScale(s, 28, [z80 * 0.1]);
    expect(wide).toBeGreaterThan(1);
    expect(wide).toBeLessThan(scale);
    // Without counts the model's own width stands.
    expect(Array.from(binomialScale({ ...s, counts: Array(28).fill(Number.NaN) }, 28, [1, 1]))).toEqual([1, 1]);
  });

  it("gives a rate over a busy weekday a narrower interval than one over a quiet weekend", () => {
    // Eight weeks of a 0.8 rate: weekdays 400 ratings, weekends 25; two weekend days have too few for a rate.
    const rnd = createRandom(3).next;
    const DAY = 86_400_000;
    const series = Array.from({ length: 56 }, (_, i) => {
      const n = i % 7 >= 5 ? 25 : 400;
      let up = 0;
      for (let k = 0; k < n; k++) if (rnd() < 0.8) up++;
      const undefinedRate = i === 47 || i === 54;
      return { timestamp: new Date(Date.UTC(2026, 0, 5) + i * DAY).toISOString(), value: undefinedRate ? null : up / n, count: n };
    });
    const half = (f: ReturnType<typeof forecastSeries>, h: number) => f.points[h].upper80 - f.points[h].lower80;
    const rate = forecastSeries({ series, horizon: 7, options: { sampling: "binomial" } });
    // Days 56.. are Monday..Sunday: Saturday (index 5) gets the wider interval, by about sqrt(400 / 25) = 4.
    expect(half(rate, 5) / half(rate, 0)).toBeGreaterThan(2.5);
    const plain = forecastSeries({ series, horizon: 7 });
    expect(half(plain, 5) / half(plain, 0)).toBeLessThan(1.5);
    // Held-out coverage of the day-aware intervals stays near nominal.
    expect(Math.abs(rate.backtest!.model.coverage80 - 0.8)).toBeLessThanOrEqual(0.1);
  });
});
