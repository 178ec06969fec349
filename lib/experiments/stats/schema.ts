/**
 * Input contract of POST /api/v1/stats/analyze. Messages name the offending
 * field so the route can turn issues straight into a 400 response.
 */
import { z } from "zod";

export const METRIC_TYPES = ["binomial", "mean", "count", "ratio"] as const;
export const ENGINES = ["frequentist", "sequential", "bayesian"] as const;
export const SIDES = ["two-sided", "greater", "less"] as const;

const finite = (field: string) => z.number({ error: `${field} must be a finite number` });
const nonNegative = (field: string) => finite(field).nonnegative({ error: `${field} must be ≥ 0` });

const covariateSchema = z.object({
  sum: finite("covariate.sum"),
  sumSquares: nonNegative("covariate.sumSquares"),
  crossSum: finite("covariate.crossSum"),
});

const variantSchema = z.object({
  key: z.string({ error: "key must be a string" }).min(1, { error: "key must be a non-empty string" }),
  n: z
    .number({ error: "n must be a positive integer" })
    .int({ error: "n must be a positive integer" })
    .positive({ error: "n must be a positive integer" }),
  sum: finite("sum"),
  sumSquares: nonNegative("sumSquares").optional(),
  denominatorSum: finite("denominatorSum").optional(),
  denominatorSumSquares: nonNegative("denominatorSumSquares").optional(),
  crossSum: finite("crossSum").optional(),
  covariate: covariateSchema.optional(),
});

const priorSchema = z.object({
  mean: finite("prior.mean"),
  variance: finite("prior.variance").positive({ error: "prior.variance must be > 0" }),
});

/** n·Σy² ≥ (Σy)² up to rounding; otherwise the implied variance is negative. */
function impliesNegativeVariance(n: number, sum: number, sumSquares: number): boolean {
  return n * sumSquares < sum * sum * (1 - 1e-9) - 1e-9;
}

export const analyzeInputSchema = z
  .object({
    metricType: z.enum(METRIC_TYPES, { error: `metricType must be one of ${METRIC_TYPES.join(", ")}` }),
    variants: z
      .array(variantSchema, { error: "variants must be an array" })
      .min(2, { error: "at least two variants are required" }),
    /** Defaults to the first variant. */
    controlKey: z.string({ error: "controlKey must be a string" }).optional(),
    engine: z.enum(ENGINES, { error: `engine must be one of ${ENGINES.join(", ")}` }).default("frequentist"),
    alpha: finite("alpha")
      .gt(0, { error: "alpha must be between 0 and 0.5 (exclusive)" })
      .lt(0.5, { error: "alpha must be between 0 and 0.5 (exclusive)" })
      .default(0.05),
    /** Alternative hypothesis for the frequentist and sequential engines. */
    sides: z.enum(SIDES, { error: `sides must be one of ${SIDES.join(", ")}` }).default("two-sided"),
    /** N* for the sequential engine. */
    sequentialTuningParameter: finite("sequentialTuningParameter")
      .positive({ error: "sequentialTuningParameter must be > 0" })
      .default(5000),
    /** Proper Gaussian prior on the relative lift for the Bayesian engine; flat when omitted. */
    prior: priorSchema.optional(),
    /** Expected traffic share per variant (same order as variants) for the SRM check. */
    weights: z.array(nonNegative("weights[]"), { error: "weights must be an array of numbers" }).optional(),
  })
  .superRefine((input, ctx) => {
    const issue = (path: Array<string | number>, message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const seen = new Set<string>();
    input.variants.forEach((v, i) => {
      if (seen.has(v.key)) issue(["variants", i, "key"], `variant keys must be unique ("${v.key}" repeats)`);
      seen.add(v.key);
    });
    if (input.controlKey !== undefined && !seen.has(input.controlKey)) {
      issue(["controlKey"], `controlKey must name a variant (got "${input.controlKey}")`);
    }
    if (input.weights) {
      if (input.weights.length !== input.variants.length) {
        issue(["weights"], "weights must have exactly one entry per variant");
      } else if (input.weights.filter((w) => w > 0).length < 2) {
        issue(["weights"], "weights must give at least two variants a positive share");
      }
    }
    const withCovariate = input.variants.filter((v) => v.covariate).length;
    if (withCovariate > 0 && withCovariate < input.variants.length) {
      issue(["variants"], "covariate must be given for every variant or for none");
    }

    input.variants.forEach((v, i) => {
      const at = (field: string) => ["variants", i, field];
      if (input.metricType === "binomial") {
        if (v.sum < 0 || v.sum > v.n) issue(at("sum"), "sum must be between 0 and n for a binomial metric");
      } else if (v.sumSquares === undefined) {
        issue(at("sumSquares"), `sumSquares is required for ${input.metricType} metrics`);
      } else if (impliesNegativeVariance(v.n, v.sum, v.sumSquares)) {
        issue(at("sumSquares"), "sumSquares must be at least sum²/n (it implies a negative variance)");
      }
      if (input.metricType === "count" && v.sum < 0) issue(at("sum"), "sum must be ≥ 0 for a count metric");
      if (input.metricType === "ratio") {
        for (const field of ["denominatorSum", "denominatorSumSquares", "crossSum"] as const) {
          if (v[field] === undefined) issue(at(field), `${field} is required for ratio metrics`);
        }
        if (v.covariate) issue(at("covariate"), "CUPED covariates are not supported for ratio metrics");
      }
      if (v.covariate && impliesNegativeVariance(v.n, v.covariate.sum, v.covariate.sumSquares)) {
        issue([...at("covariate"), "sumSquares"], "covariate.sumSquares must be at least covariate.sum²/n");
      }
    });
  });

/** What callers send (defaults not yet applied). */
export type AnalyzeInput = z.input<typeof analyzeInputSchema>;
/** Validated input with defaults applied. */
export type ParsedAnalyzeInput = z.output<typeof analyzeInputSchema>;

/** Flattens validation issues to `{ field: "variants.1.n", message }` for 400 bodies. */
export function describeIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
}
