import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { analyze } from "./analyze";
import { analyzeInputSchema, describeIssues } from "./schema";

const MEAN_VARIANTS = [
  { key: "control", n: 800, sum: 7506.8, sumSquares: 109809.9 },
  { key: "treatment", n: 750, sum: 7881.2, sumSquares: 126521.7 },
];

function issuesOf(input: unknown) {
  const parsed = analyzeInputSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.success ? [] : describeIssues(parsed.error);
}

describe("analyzeInputSchema", () => {
  it("applies defaults", () => {
    const parsed = analyzeInputSchema.parse({ metricType: "mean", variants: MEAN_VARIANTS });
    expect(parsed).toMatchObject({ engine: "frequentist", alpha: 0.05, sides: "two-sided", sequentialTuningParameter: 5000 });
  });

  it.each([
    [{ variants: [{ ...MEAN_VARIANTS[0], n: 0 }, MEAN_VARIANTS[1]] }, "variants.0.n", "n must be a positive integer"],
    [{ variants: [MEAN_VARIANTS[0], { ...MEAN_VARIANTS[1], n: 2.5 }] }, "variants.1.n", "n must be a positive integer"],
    [{ variants: [MEAN_VARIANTS[0]] }, "variants", "at least two variants are required"],
    [{ controlKey: "nope" }, "controlKey", 'controlKey must name a variant (got "nope")'],
    [{ variants: [MEAN_VARIANTS[0], { ...MEAN_VARIANTS[0] }] }, "variants.1.key", 'variant keys must be unique ("control" repeats)'],
    [{ variants: [{ key: "a", n: 10, sum: 3 }, MEAN_VARIANTS[1]] }, "variants.0.sumSquares", "sumSquares is required for mean metrics"],
    [{ variants: [{ key: "a", n: 10, sum: 30, sumSquares: 50 }, MEAN_VARIANTS[1]] }, "variants.0.sumSquares", "sumSquares must be at least sum²/n (it implies a negative variance)"],
    [{ metricType: "binomial", variants: [{ key: "a", n: 10, sum: 11 }, { key: "b", n: 10, sum: 1 }] }, "variants.0.sum", "sum must be between 0 and n for a binomial metric"],
    [{ metricType: "ratio" }, "variants.0.denominatorSum", "denominatorSum is required for ratio metrics"],
    [{ weights: [1] }, "weights", "weights must have exactly one entry per variant"],
    [{ alpha: 0.7 }, "alpha", "alpha must be between 0 and 0.5 (exclusive)"],
    [{ engine: "magic" }, "engine", "engine must be one of frequentist, sequential, bayesian"],
    [{ prior: { mean: 0, variance: 0 } }, "prior.variance", "prior.variance must be > 0"],
    [
      { variants: [{ ...MEAN_VARIANTS[0], covariate: { sum: 1, sumSquares: 1, crossSum: 1 } }, MEAN_VARIANTS[1]] },
      "variants",
      "covariate must be given for every variant or for none",
    ],
  ])("rejects %j with a message naming the field", (override, field, message) => {
    const issues = issuesOf({ metricType: "mean", variants: MEAN_VARIANTS, ...override });
    expect(issues).toContainEqual({ field, message });
  });

  it("rejects covariates on ratio metrics", () => {
    const v = { n: 10, sum: 3, sumSquares: 3, denominatorSum: 20, denominatorSumSquares: 50, crossSum: 8 };
    const covariate = { sum: 2, sumSquares: 2, crossSum: 1 };
    const issues = issuesOf({
      metricType: "ratio",
      variants: [{ key: "a", ...v, covariate }, { key: "b", ...v, covariate }],
    });
    expect(issues).toContainEqual({ field: "variants.0.covariate", message: "CUPED covariates are not supported for ratio metrics" });
  });

  it("analyze() throws a ZodError on invalid input", () => {
    expect(() => analyze({ metricType: "mean", variants: [] })).toThrow(ZodError);
  });
});

/** Every number in the output must be finite (JSON has no NaN/Infinity). */
function expectNoNonFinite(value: unknown): void {
  if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
  else if (Array.isArray(value)) value.forEach(expectNoNonFinite);
  else if (value && typeof value === "object") Object.values(value).forEach(expectNoNonFinite);
}

describe("analyze output", () => {
  it("compares every treatment with the chosen control and checks SRM against weights", () => {
    const result = analyze({
      metricType: "binomial",
      controlKey: "b",
      weights: [0.25, 0.5, 0.25],
      variants: [
        { key: "a", n: 2500, sum: 250 },
        { key: "b", n: 5000, sum: 500 },
        { key: "c", n: 2600, sum: 290 },
      ],
    });
    expect(result.control).toEqual({ key: "b", n: 5000, mean: 0.1 });
    expect(result.treatments.map((t) => t.key)).toEqual(["a", "c"]);
    expect(result.treatments[0].lift).toBeCloseTo(0, 12);
    expect(result.srm.flagged).toBe(false);
    expect(result.srm.pValue).toBeGreaterThan(0.1);
    expect(result.cuped).toBe(false);
  });

  it("flags a sample ratio mismatch", () => {
    const result = analyze({
      metricType: "binomial",
      variants: [
        { key: "a", n: 10321, sum: 1000 },
        { key: "b", n: 9679, sum: 1000 },
      ],
    });
    expect(result.srm.flagged).toBe(true);
  });

  it("returns nulls and a warning when the control mean is 0", () => {
    const result = analyze({
      metricType: "mean",
      variants: [
        { key: "control", n: 100, sum: 0, sumSquares: 400 },
        { key: "treatment", n: 100, sum: 50, sumSquares: 420 },
      ],
    });
    const [t] = result.treatments;
    expect(t).toMatchObject({ lift: null, liftCI: null, pValue: null, absoluteDiff: 0.5 });
    expect(t.absolutePValue).toBeGreaterThan(0);
    expect(t.warning).toContain("control mean is 0");
    expectNoNonFinite(result);
  });

  it("returns nulls and a warning when a variance is 0", () => {
    for (const engine of ["frequentist", "sequential", "bayesian"] as const) {
      const result = analyze({
        metricType: "binomial",
        engine,
        variants: [
          { key: "control", n: 1000, sum: 0 },
          { key: "treatment", n: 1000, sum: 0 },
        ],
      });
      const [t] = result.treatments;
      expect(t).toMatchObject({ lift: null, absoluteDiff: 0, absoluteCI: null, pValue: null, chanceToBeatControl: null, risk: null });
      expect(t.warning).toContain('zero variance in "control" and "treatment"');
      expectNoNonFinite(result);
    }
    const oneSided = analyze({
      metricType: "binomial",
      variants: [
        { key: "control", n: 1000, sum: 10 },
        { key: "treatment", n: 1000, sum: 0 },
      ],
    }).treatments[0];
    expect(oneSided.lift).toBe(-1);
    expect(oneSided.pValue).toBeNull();
    expect(oneSided.warning).toContain('zero variance in "treatment"');
  });

  it("returns nulls and a warning when a ratio denominator is 0", () => {
    const v = { n: 10, sum: 0, sumSquares: 0, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 };
    const result = analyze({ metricType: "ratio", variants: [{ key: "a", ...v }, { key: "b", ...v, sum: 2, sumSquares: 2 }] });
    expect(result.control.mean).toBeNull();
    expect(result.treatments[0].mean).toBeNull();
    expect(result.treatments[0].warning).toContain('"a" has a zero denominator sum');
    expectNoNonFinite(result);
  });

  it("marks unbounded sides of one-sided intervals as null and leaves Bayesian p-values null", () => {
    const variants = MEAN_VARIANTS;
    const greater = analyze({ metricType: "mean", variants, sides: "greater", engine: "sequential" }).treatments[0];
    expect(greater.liftCI?.[1]).toBeNull();
    expect(greater.absoluteCI?.[1]).toBeNull();
    const bayes = analyze({ metricType: "mean", variants, engine: "bayesian" }).treatments[0];
    expect(bayes).toMatchObject({ pValue: null, absolutePValue: null });
    expect(bayes.risk?.chooseTreatment).toBeGreaterThanOrEqual(0);
    expectNoNonFinite(bayes);
  });
});
