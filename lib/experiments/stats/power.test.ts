import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { minimumDetectableEffect, requiredSampleSize } from "./power";
import { expectRelClose } from "../../../tests/support/expect-close";

/*
 * scipy 1.17, z = stats.norm.ppf; Bonferroni α/(k−1):
 *   n_mean(mu, var, rel) = (z(1-a/2) + z(power))**2 * 2*var / (rel*abs(mu))**2     (one-sided: z(1-a))
 *   n_bin(p, rel)        = (z(1-a/2) + z(power))**2 * (p(1-p) + q(1-q)) / (q-p)**2,  q = p(1+rel)
 *   n_mean(10, 25, 0.05) = 1569.7759468698177; k=3: 1901.0073490393659; one-sided, power .9: 1712.7694701335947
 *   n_bin(0.1, 0.1) = 14748.045020841912; n_bin(0.03, 0.2, k=4) = 18554.759796469076
 * MDE with 20000 users, 2 variants (npv = 10000), zz = z(.975) + z(.8):
 *   mean: zz*sqrt(2*25/npv)/10 = 0.019810199057996726
 *   binomial p=0.1: brentq(lambda q: (q-.1)**2 - zz**2*(.09 + q*(1-q))/npv, .1, .999) -> rel 0.12199307250499294
 */
describe("requiredSampleSize", () => {
  const mean = { type: "mean" as const, mean: 10, variance: 25 };

  it("matches the z-test formula", () => {
    expect(requiredSampleSize({ baseline: mean, relativeMde: 0.05 }).usersPerVariant).toBe(Math.ceil(1569.7759468698177));
    expect(requiredSampleSize({ baseline: mean, relativeMde: 0.05, numVariants: 3 })).toMatchObject({
      usersPerVariant: 1902,
      totalUsers: 1902 * 3,
    });
    expect(
      requiredSampleSize({ baseline: mean, relativeMde: 0.05, sides: "one-sided", power: 0.9 }).usersPerVariant,
    ).toBe(Math.ceil(1712.7694701335947));
    const bin = { type: "binomial" as const, conversionRate: 0.1 };
    expect(requiredSampleSize({ baseline: bin, relativeMde: 0.1, usersPerDay: 1000 })).toEqual({
      usersPerVariant: 14749,
      totalUsers: 29498,
      days: 30,
    });
    expect(
      requiredSampleSize({ baseline: { type: "binomial", conversionRate: 0.03 }, relativeMde: 0.2, numVariants: 4 })
        .usersPerVariant,
    ).toBe(Math.ceil(18554.759796469076));
  });

  it("rejects impossible plans", () => {
    expect(() => requiredSampleSize({ baseline: { type: "binomial", conversionRate: 0.9 }, relativeMde: 0.2 })).toThrow();
    expect(() => requiredSampleSize({ baseline: mean, relativeMde: 0.1, numVariants: 1 })).toThrow();
  });
});

describe("minimumDetectableEffect", () => {
  it("matches the reference MDEs", () => {
    const m = minimumDetectableEffect({ baseline: { type: "mean", mean: 10, variance: 25 }, totalUsers: 20_000 });
    expectRelClose(m.relative, 0.019810199057996726);
    const b = minimumDetectableEffect({ baseline: { type: "binomial", conversionRate: 0.1 }, usersPerDay: 2000, days: 10 });
    expectRelClose(b.relative, 0.12199307250499294);
    expectRelClose(b.absolute, 0.012199307250499294);
    expect(b.usersPerVariant).toBe(10_000);
  });

  it("returns null when even a 100% rate is not detectable", () => {
    expect(minimumDetectableEffect({ baseline: { type: "binomial", conversionRate: 0.5 }, totalUsers: 4 }).relative).toBeNull();
  });

  it("round-trips with requiredSampleSize", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.integer({ min: 2_000, max: 2_000_000 }),
        fc.integer({ min: 2, max: 5 }),
        (rate, totalUsers, numVariants) => {
          const baseline = { type: "binomial" as const, conversionRate: rate };
          const mde = minimumDetectableEffect({ baseline, totalUsers, numVariants });
          if (mde.relative === null || rate * (1 + mde.relative) >= 1) return;
          const plan = requiredSampleSize({ baseline, relativeMde: mde.relative, numVariants });
          // ceil() can add at most one unit per variant.
          expect(Math.abs(plan.usersPerVariant - totalUsers / numVariants)).toBeLessThanOrEqual(1 + 1e-6 * totalUsers);
        },
      ),
    );
  });
});
