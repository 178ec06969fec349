import { describe, expect, it } from "vitest";
import { A, B } from "../../../tests/support/drift-samples";
import { ksTwoSample } from "./ks";

describe("ksTwoSample agrees with scipy.stats.ks_2samp (method='auto')", () => {
  it("exact, unequal sizes: stats.ks_2samp(A, B)", () => {
    // KstestResult(statistic=0.41333333333333333, pvalue=0.013377063607491522)
    const r = ksTwoSample(A, B);
    expect(r.method).toBe("exact");
    expect(r.statistic).toBeCloseTo(0.41333333333333333, 12);
    expect(r.pValue).toBeCloseTo(0.013377063607491522, 12);
  });

  it("exact, equal sizes with ties", () => {
    // stats.ks_2samp([1,2,2,3,3,3,4,4,5,6,6,7], [2,3,4,4,5,5,6,6,7,7,8,8])
    // -> statistic=0.3333333333333333, pvalue=0.5360977695073805
    const r = ksTwoSample([1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 7], [2, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
    expect(r.statistic).toBeCloseTo(1 / 3, 12);
    expect(r.pValue).toBeCloseTo(0.5360977695073805, 12);
  });

  it("exact at the default small-sample limit (1000 vs 800)", () => {
    // a = [((i*7919) % 1000)/1000 for i in range(1000)]; b = [((j*104729) % 800)/800 + 0.03 for j in range(800)]
    // -> statistic=0.031, pvalue=0.7746644968061616
    const a = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 1000);
    const b = Array.from({ length: 800 }, (_, j) => ((j * 104729) % 800) / 800 + 0.03);
    const r = ksTwoSample(a, b);
    expect(r.statistic).toBeCloseTo(0.031, 12);
    expect(r.pValue).toBeCloseTo(0.7746644968061616, 10);
  });

  it("asymptotic above 10 000 per side, close to scipy's kstwo-based value", () => {
    // a = [i/12000 for i in range(12000)]; b = [(j/15000)**1.05 for j in range(15000)]
    // -> statistic=0.018000000000000016, pvalue=0.02627232497003562 (method 'asymp')
    const a = Array.from({ length: 12000 }, (_, i) => i / 12000);
    const b = Array.from({ length: 15000 }, (_, j) => (j / 15000) ** 1.05);
    const r = ksTwoSample(a, b);
    expect(r.method).toBe("asymp");
    expect(r.statistic).toBeCloseTo(0.018, 12);
    expect(Math.abs(r.pValue - 0.02627232497003562)).toBeLessThan(5e-4);
  });

  it("identical samples give D = 0 and p = 1", () => {
    expect(ksTwoSample([1, 2, 3], [3, 2, 1])).toEqual({ statistic: 0, pValue: 1, method: "exact" });
  });
});
