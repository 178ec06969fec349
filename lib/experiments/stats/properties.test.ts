import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { analyze } from "./analyze";
import { bayesianTest } from "./bayesian";
import { welchTTest } from "./frequentist";
import { sequentialTest } from "./sequential";
import type { AnalyzeInput } from "./schema";

/** A variant with a consistent (n, mean, sd) turned into sufficient statistics. */
const variantArb = (key: string) =>
  fc
    .record({
      n: fc.integer({ min: 50, max: 50_000 }),
      mean: fc.double({ min: 0.5, max: 100, noNaN: true }),
      sd: fc.double({ min: 0.1, max: 50, noNaN: true }),
    })
    .map(({ n, mean, sd }) => ({ key, n, sum: n * mean, sumSquares: (n - 1) * sd * sd + n * mean * mean }));

const pairArb = fc.tuple(variantArb("control"), variantArb("treatment"));
const alphaArb = fc.double({ min: 0.01, max: 0.2, noNaN: true });
const sidesArb = fc.constantFrom("two-sided" as const, "greater" as const, "less" as const);
const engineArb = fc.constantFrom("frequentist" as const, "sequential" as const, "bayesian" as const);

const run = (input: AnalyzeInput) => analyze(input).treatments[0];
const lo = (ci: [number | null, number | null] | null) => ci?.[0] ?? -Infinity;
const hi = (ci: [number | null, number | null] | null) => ci?.[1] ?? Infinity;

describe("analyze properties", () => {
  it("swapping control and treatment flips the absolute difference and mirrors its interval", () => {
    fc.assert(
      fc.property(pairArb, engineArb, alphaArb, ([c, t], engine, alpha) => {
        const forward = run({ metricType: "mean", engine, alpha, variants: [c, t] });
        const backward = run({ metricType: "mean", engine, alpha, variants: [t, c] });
        expect(backward.absoluteDiff).toBeCloseTo(-(forward.absoluteDiff as number), 8);
        expect(lo(backward.absoluteCI)).toBeCloseTo(-hi(forward.absoluteCI), 8);
        expect(hi(backward.absoluteCI)).toBeCloseTo(-lo(forward.absoluteCI), 8);
        if (engine !== "bayesian") expect(backward.absolutePValue).toBeCloseTo(forward.absolutePValue as number, 10);
      }),
    );
  });

  it("intervals contain the point estimate and p-values / probabilities lie in [0, 1]", () => {
    fc.assert(
      fc.property(pairArb, engineArb, sidesArb, alphaArb, ([c, t], engine, sides, alpha) => {
        const r = run({ metricType: "mean", engine, sides, alpha, variants: [c, t] });
        const lift = r.lift as number;
        const diff = r.absoluteDiff as number;
        expect(lo(r.liftCI)).toBeLessThanOrEqual(lift);
        expect(hi(r.liftCI)).toBeGreaterThanOrEqual(lift);
        expect(lo(r.absoluteCI)).toBeLessThanOrEqual(diff);
        expect(hi(r.absoluteCI)).toBeGreaterThanOrEqual(diff);
        for (const p of [r.pValue, r.absolutePValue, r.chanceToBeatControl]) {
          if (p === null) continue;
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it("binomial inputs never produce NaN or Infinity, even when degenerate", () => {
    const arm = (key: string) =>
      fc.integer({ min: 1, max: 10_000 }).chain((n) => fc.integer({ min: 0, max: n }).map((sum) => ({ key, n, sum })));
    fc.assert(
      fc.property(arm("a"), arm("b"), engineArb, sidesArb, (a, b, engine, sides) => {
        const text = JSON.stringify(analyze({ metricType: "binomial", engine, sides, variants: [a, b] }));
        expect(text).not.toMatch(/NaN|Infinity/);
        const parsed = JSON.parse(text);
        expect(parsed.treatments[0].warning === null).toBe(parsed.treatments[0].liftCI !== null);
      }),
    );
  });
});

const effectArb = fc.record({
  estimate: fc.double({ min: -1, max: 1, noNaN: true }),
  variance: fc.double({ min: 1e-8, max: 1, noNaN: true }),
  dof: fc.double({ min: 49, max: 1e6, noNaN: true }),
});

describe("engine properties", () => {
  it("the sequential interval is wider than the fixed-horizon one", () => {
    fc.assert(
      fc.property(
        effectArb,
        fc.integer({ min: 100, max: 10_000_000 }),
        alphaArb,
        fc.double({ min: 100, max: 1e6, noNaN: true }),
        sidesArb,
        (effect, totalN, alpha, tuningParameter, sides) => {
          const fixed = welchTTest(effect, { alpha, sides });
          const seq = sequentialTest(effect, totalN, { alpha, sides, tuningParameter });
          expect(seq.ci[0]).toBeLessThanOrEqual(fixed.ci[0]);
          expect(seq.ci[1]).toBeGreaterThanOrEqual(fixed.ci[1]);
        },
      ),
    );
  });

  it("p-values and intervals agree: p < α exactly when the interval excludes 0", () => {
    fc.assert(
      fc.property(effectArb, fc.integer({ min: 100, max: 1_000_000 }), alphaArb, sidesArb, (effect, n, alpha, sides) => {
        for (const test of [welchTTest(effect, { alpha, sides }), sequentialTest(effect, n, { alpha, sides })]) {
          // Skip knife-edge cases decided by the ~1e-7 accuracy of the t tail.
          if (Math.abs(test.pValue - alpha) < 1e-5 * alpha) continue;
          const excludesZero = test.ci[0] > 0 || test.ci[1] < 0;
          expect(test.pValue < alpha).toBe(excludesZero);
        }
      }),
    );
  });

  it("Bayesian risks are non-negative and differ by the posterior mean", () => {
    fc.assert(
      fc.property(effectArb, alphaArb, (effect, alpha) => {
        const b = bayesianTest(effect, { alpha });
        expect(b.risk.chooseControl).toBeGreaterThanOrEqual(0);
        expect(b.risk.chooseTreatment).toBeGreaterThanOrEqual(0);
        // E[max(0, X)] − E[max(0, −X)] = E[X]
        expect(b.risk.chooseControl - b.risk.chooseTreatment).toBeCloseTo(b.posterior.mean, 9);
        expect(b.credibleInterval[0]).toBeLessThanOrEqual(b.posterior.mean);
        expect(b.credibleInterval[1]).toBeGreaterThanOrEqual(b.posterior.mean);
        // A proper prior centred at 0 shrinks towards 0.
        const shrunk = bayesianTest(effect, { alpha, prior: { mean: 0, variance: 0.01 } });
        expect(Math.abs(shrunk.posterior.mean)).toBeLessThanOrEqual(Math.abs(effect.estimate));
      }),
    );
  });

  it("matches scipy's truncated-normal risks near zero", () => {
    // m, sd = -0.004, 0.01; pneg = stats.norm.cdf(0, m, sd)
    // (1-pneg)*truncnorm.mean((0-m)/sd, inf, loc=m, scale=sd), -pneg*truncnorm.mean(-inf, (0-m)/sd, ...)
    const b = bayesianTest({ estimate: -0.004, variance: 0.0001 }, { alpha: 0.05 });
    expect(b.risk.chooseControl).toBeCloseTo(0.0023043883694745296, 14);
    expect(b.risk.chooseTreatment).toBeCloseTo(0.006304388369474529, 14);
    expect(b.chanceToBeatControl).toBeCloseTo(0.3445782583896758, 14);
  });
});
