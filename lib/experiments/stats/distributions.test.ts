import { describe, expect, it } from "vitest";
import { expectRelClose } from "../../../tests/support/expect-close";
import {
  chiSquareSurvival,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  studentTSurvival,
} from "./distributions";

/*
 * Reference values from scipy 1.17:
 *   from scipy import stats
 *   [(t, df, stats.t.sf(t, df)) for t, df in [(2.1, 15.3), (0.3, 4.2), (-1.5, 7.0), (5.0, 1000.5),
 *       (10.0, 30.0), (2.0, 1e5), (4.0, 3e7), (1.96, 1e9)]]
 *   [(p, df, stats.t.ppf(p, df)) for p, df in [(0.975, 15.3), (0.95, 4.2), (0.025, 9.0), (0.995, 1000.5),
 *       (0.975, 2e5), (0.975, 1e9), (0.9995, 5e6)]]
 *   [(p, stats.norm.ppf(p)) for p in [0.975, 0.95, 0.8, 0.999]]; [(x, stats.norm.cdf(x)) for x in [-2.5, 0.3, 1.7]]
 *   [(x, df, stats.chi2.sf(x, df)) for x, df in [(3.2, 1), (15.0, 2), (7.8, 3), (0.5, 4), (25.0, 9)]]
 */
const T_SURVIVAL: Array<[number, number, number]> = [
  [2.1, 15.3, 0.026352597282974732],
  [0.3, 4.2, 0.3892216735960082],
  [-1.5, 7.0, 0.911350756505015],
  [5.0, 1000.5, 3.3833522410660083e-7],
  [10.0, 30.0, 2.287625704114809e-11],
  [2.0, 1e5, 0.022751481728753256],
  [4.0, 3e7, 3.167131767031242e-5],
  [1.96, 1e9, 0.024997895286864812],
];
const T_QUANTILE: Array<[number, number, number]> = [
  [0.975, 15.3, 2.1278152546563645],
  [0.95, 4.2, 2.103010745009936],
  [0.025, 9.0, -2.2621571627982053],
  [0.995, 1000.5, 2.5807522321743113],
  [0.975, 2e5, 1.959975845966768],
  [0.975, 1e9, 1.959963986912325],
  [0.9995, 5e6, 3.290528677439104],
];
const NORMAL_QUANTILE: Array<[number, number]> = [
  [0.975, 1.959963984540054],
  [0.95, 1.6448536269514722],
  [0.8, 0.8416212335729143],
  [0.999, 3.090232306167813],
];
const NORMAL_CDF: Array<[number, number]> = [
  [-2.5, 0.006209665325776132],
  [0.3, 0.6179114221889526],
  [1.7, 0.955434537241457],
];
const CHI2_SURVIVAL: Array<[number, number, number]> = [
  [3.2, 1, 0.07363827012030258],
  [15.0, 2, 0.0005530843701478337],
  [7.8, 3, 0.050331097859853326],
  [0.5, 4, 0.9735009788392561],
  [25.0, 9, 0.002971180485917624],
];

describe("distributions agree with scipy to 1e-6 relative", () => {
  it.each(T_SURVIVAL)("t.sf(%d, df=%d)", (t, df, expected) => {
    expectRelClose(studentTSurvival(t, df), expected);
    expectRelClose(studentTCdf(-t, df), expected);
  });
  it.each(T_QUANTILE)("t.ppf(%d, df=%d)", (p, df, expected) => {
    expectRelClose(studentTQuantile(p, df), expected);
  });
  it.each(NORMAL_QUANTILE)("norm.ppf(%d)", (p, expected) => {
    expectRelClose(normalQuantile(p), expected);
  });
  it.each(NORMAL_CDF)("norm.cdf(%d)", (x, expected) => {
    expectRelClose(normalCdf(x), expected);
  });
  it.each(CHI2_SURVIVAL)("chi2.sf(%d, df=%d)", (x, df, expected) => {
    expectRelClose(chiSquareSurvival(x, df), expected);
  });
});

describe("expectRelClose", () => {
  it("rejects values outside the tolerance", () => {
    expect(() => expectRelClose(1.00001, 1)).toThrow();
    expect(() => expectRelClose(null, 1)).toThrow();
    expectRelClose(1.0000001, 1);
  });
});
