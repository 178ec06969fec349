import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sampleRatioMismatch } from "./srm";
import { expectRelClose } from "../../../tests/support/expect-close";

/*
 * scipy 1.17:
 *   obs = np.array(obs, float); w = np.array(w, float)
 *   stats.chisquare(obs, obs.sum() * w / w.sum())   -> (statistic, pvalue)
 */
const CASES: Array<[number[], number[], number, number]> = [
  [[5000, 5200], [0.5, 0.5], 3.9215686274509802, 0.0476703806561615],
  [[10321, 9679], [1, 1], 20.6082, 5.635422090724276e-6],
  [[3000, 3100, 6150], [0.25, 0.25, 0.5], 1.8367346938775508, 0.3991702158434838],
  [[1000, 1000, 1100], [1, 1, 1], 6.451612903225806, 0.03972373338644102],
];

describe("sampleRatioMismatch", () => {
  it.each(CASES)("chisquare(%j, weights %j)", (counts, weights, statistic, pValue) => {
    const r = sampleRatioMismatch(counts, weights);
    expectRelClose(r.chiSquare, statistic);
    expectRelClose(r.pValue, pValue);
    expect(r.flagged).toBe(pValue < 0.001);
  });

  it("defaults to equal weights and flags below 0.001", () => {
    expect(sampleRatioMismatch([10321, 9679]).flagged).toBe(true);
    expect(sampleRatioMismatch([5000, 5200]).flagged).toBe(false);
  });

  it("treats units in a zero-weight variant as a mismatch and skips empty ones", () => {
    expect(sampleRatioMismatch([100, 100, 3], [1, 1, 0])).toMatchObject({ pValue: 0, flagged: true });
    expect(sampleRatioMismatch([100, 100, 0], [1, 1, 0]).pValue).toBe(1);
    expect(sampleRatioMismatch([0, 0]).pValue).toBeNull();
  });

  it("never flags counts exactly proportional to the weights", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 10_000 }),
        (weights, scale) => {
          const r = sampleRatioMismatch(weights.map((w) => w * scale), weights);
          expect(r.flagged).toBe(false);
          expect(r.pValue).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});
