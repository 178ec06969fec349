import { describe, expect, it } from "vitest";
import { rollingOrigins } from "./backtest";
import { conformalFactor, HALF_LIFE, MIN_CALIBRATION, onlineCoverage, type ConformalFold } from "./conformal";

/** A fold of one-step forecasts at `origin` with point 0 and half-width 1 at both levels: the score is |actual|. */
const fold = (origin: number, ...actual: number[]): ConformalFold => ({
  origin,
  actual,
  point: actual.map(() => 0),
  halfWidth: new Map([0.8, 0.95].map((l) => [l, actual.map(() => 1)])),
});

describe("rolling origins", () => {
  it("run back from the last observation, stride-spaced, leaving minTrain points", () => {
    expect(rollingOrigins(30, 14, 30)).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(rollingOrigins(60, 14, 30)).toEqual(Array.from({ length: 23 }, (_, k) => 15 + 2 * k));
    expect(rollingOrigins(14, 14, 30)).toEqual([]);
    expect(rollingOrigins(100, 8, 0)).toEqual([]);
  });
});

describe("conformal calibration", () => {
  it("is the weighted quantile of the scores, the newest counting most", () => {
    // Ten equal-aged scores 1..10: the 80% factor is the smallest reaching 0.8 of the weight 10 + 1 (the test point).
    const same = Array.from({ length: 10 }, (_, k) => fold(0, k + 1));
    expect(conformalFactor(same, 0.8, 0)).toBe(9);
    // Too few for 95%: the largest seen.
    expect(conformalFactor(same, 0.95, 0)).toBe(10);
    expect(conformalFactor([], 0.8, 0)).toBe(1);
    // Old large errors and recent small ones: weighting by age brings the factor down towards the recent ones.
    const drifting = [...Array.from({ length: 10 }, (_, k) => fold(k, 10)), ...Array.from({ length: 10 }, (_, k) => fold(10 * HALF_LIFE + k, 1))];
    expect(conformalFactor(drifting, 0.8, 10 * HALF_LIFE + 10)).toBe(1);
    // The same scores at one age: the plain 80% quantile, which half of 10s puts at 10.
    expect(conformalFactor(drifting.map((f) => ({ ...f, origin: 0 })), 0.8, 0)).toBe(10);
  });

  it("judges each origin only with the residuals observed before it", () => {
    // Calibration residuals are all 1; later folds' errors are 2 (outside) and 0.5 (inside). Were a fold's own or
    // later residuals used, the 2s would widen the interval and count as inside.
    const early = Array.from({ length: MIN_CALIBRATION }, (_, k) => fold(k, 1));
    const later = [fold(MIN_CALIBRATION, 2, 2), fold(MIN_CALIBRATION + 2, 0.5, 0.5)];
    expect(onlineCoverage([...early, ...later], 0.8)).toBeCloseTo(0.5, 12);
    // Until MIN_CALIBRATION residuals are in, nothing is judged.
    expect(onlineCoverage(early, 0.8)).toBeNaN();
  });
});
