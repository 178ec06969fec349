// The noise floor detection puts under each series: checked against values worked out by hand, not the formula again.
import { describe, expect, test } from "vitest";
import { samplingNoise } from "./detection";

describe("samplingNoise: how precisely a typical bucket is known from its count", () => {
  const rows = (value: number, count: number, k = 5) => Array.from({ length: k }, () => ({ value, count }));

  test("a rate over n is known to its binomial standard error", () => {
    // sqrt(0.8 * 0.2 / 25) = 0.4 / 5
    expect(samplingNoise("binomial", rows(0.8, 25))).toBeCloseTo(0.08, 12);
    // a rate of one half over 100: sqrt(0.25 / 100)
    expect(samplingNoise("binomial", rows(0.5, 100))).toBeCloseTo(0.05, 12);
  });

  test("binomial noise halves when the count quadruples, is the same for p and 1 - p, and is widest at one half", () => {
    for (const p of [0.1, 0.3, 0.5, 0.92]) {
      const at = (n: number, q = p) => samplingNoise("binomial", rows(q, n))!;
      expect(at(400) / at(100), `p=${p}`).toBeCloseTo(0.5, 12);
      expect(at(50, 1 - p), `p=${p}`).toBeCloseTo(at(50), 12);
      expect(at(50), `p=${p}`).toBeLessThanOrEqual(at(50, 0.5));
    }
  });

  test("a typical bucket is the median one: a single odd bucket does not move the floor", () => {
    const buckets = [
      { value: 0.5, count: 100 }, { value: 0.5, count: 100 }, { value: 0.5, count: 100 },
      { value: 0.99, count: 1 }, { value: 0.01, count: 10_000 },
    ];
    expect(samplingNoise("binomial", buckets)).toBeCloseTo(0.05, 12);
  });

  test("a rate stuck at 0 or 1 still gets the floor of one observation's worth of doubt", () => {
    // sqrt((1/25)(24/25) / 25) = sqrt(24) / 125
    expect(samplingNoise("binomial", rows(1, 25))).toBeCloseTo(0.0391918359, 9);
    expect(samplingNoise("binomial", rows(0, 25))).toBeCloseTo(0.0391918359, 9);
  });

  test("a count of events has Poisson noise, sqrt(count)", () => {
    expect(samplingNoise("poisson", rows(100, 100))).toBe(10);
    // an empty series still doubts by one event
    expect(samplingNoise("poisson", rows(0, 100))).toBe(1);
  });

  test("a sum or percentile over n events is known to about level/sqrt(n): fewer calls, wider floor", () => {
    expect(samplingNoise("per_event", rows(3_000, 9))).toBe(1_000);
    expect(samplingNoise("per_event", rows(3_000, 900))).toBe(100);
  });

  test("no rule or no rows: no floor", () => {
    expect(samplingNoise(undefined, rows(1, 1))).toBeUndefined();
    expect(samplingNoise("poisson", [])).toBeUndefined();
  });
});
