import { describe, expect, test } from "vitest";
import { samplingNoise } from "./detection";

describe("samplingNoise: how precisely a typical bucket is known from its count", () => {
  const rows = (value: number, count: number, k = 5) => Array.from({ length: k }, () => ({ value, count }));

  test("a rate over n is known to its binomial standard error", () => {
    expect(samplingNoise("binomial", rows(0.8, 25))).toBeCloseTo(Math.sqrt((0.8 * 0.2) / 25), 12);
  });

  test("a rate stuck at 0 or 1 still gets the floor of one observation's worth of doubt", () => {
    expect(samplingNoise("binomial", rows(1, 25))).toBeCloseTo(Math.sqrt(((1 / 25) * (24 / 25)) / 25), 12);
  });

  test("a count of events has Poisson noise, sqrt(count)", () => {
    expect(samplingNoise("poisson", rows(100, 100))).toBe(10);
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
