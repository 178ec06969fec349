/**
 * analyze(): the POST /api/v1/stats/analyze contract. Validates the summary
 * statistics, compares every treatment with the control using the chosen
 * engine, and runs the SRM check. Whatever cannot be computed honestly is null
 * with a `warning`, never NaN or Infinity (JSON cannot carry them anyway).
 */
import { bayesianTest, type ExpectedLoss, type GaussianPrior } from "./bayesian";
import { cupedArmStatistic, pooledTheta } from "./cuped";
import { absoluteEffect, relativeEffect, type EffectEstimate } from "./effect";
import { welchTTest, type IntervalTest } from "./frequentist";
import { analyzeInputSchema, type AnalyzeInput, type ParsedAnalyzeInput } from "./schema";
import { sequentialTest } from "./sequential";
import { sampleRatioMismatch } from "./srm";
import type { ArmStatistic, VariantSummary } from "./variant-statistics";

/** Interval bounds; null stands for an unbounded side of a one-sided interval. */
export type Interval = [number | null, number | null];

export interface TreatmentResult {
  key: string;
  n: number;
  /** Observed (unadjusted) metric mean. */
  mean: number | null;
  /** (treatment − control)/|control|, CUPED-adjusted when covariates were given. */
  lift: number | null;
  liftCI: Interval | null;
  absoluteDiff: number | null;
  absoluteCI: Interval | null;
  /** p-value of the test on the lift (frequentist and sequential engines). */
  pValue: number | null;
  /** p-value of the separate test on the absolute difference. */
  absolutePValue: number | null;
  /** Bayesian engine only. */
  chanceToBeatControl: number | null;
  /** Bayesian engine only: expected loss of each decision, on the lift scale. */
  risk: ExpectedLoss | null;
  warning: string | null;
}

export interface AnalyzeResult {
  engine: ParsedAnalyzeInput["engine"];
  metricType: ParsedAnalyzeInput["metricType"];
  alpha: number;
  sides: ParsedAnalyzeInput["sides"];
  cuped: boolean;
  control: { key: string; n: number; mean: number | null };
  treatments: TreatmentResult[];
  srm: { pValue: number | null; flagged: boolean };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const interval = ([lo, hi]: [number, number]): Interval => [finiteOrNull(lo), finiteOrNull(hi)];

/** Runs the configured engine on one effect estimate. */
function inference(
  effect: EffectEstimate,
  totalN: number,
  input: ParsedAnalyzeInput,
  prior: GaussianPrior | undefined,
) {
  const { alpha, sides } = input;
  if (input.engine === "bayesian") {
    const b = bayesianTest(effect, { alpha, prior });
    return { ci: b.credibleInterval, pValue: null, chance: b.chanceToBeatControl, risk: b.risk };
  }
  const test: IntervalTest =
    input.engine === "sequential"
      ? sequentialTest(effect, totalN, { alpha, sides, tuningParameter: input.sequentialTuningParameter })
      : welchTTest(effect, { alpha, sides });
  return { ci: test.ci, pValue: test.pValue, chance: null, risk: null };
}

function compare(
  controlSummary: VariantSummary,
  summary: VariantSummary,
  input: ParsedAnalyzeInput,
): TreatmentResult {
  const theta = pooledTheta(controlSummary, summary, input.metricType);
  const control = cupedArmStatistic(controlSummary, input.metricType, theta);
  const treatment = cupedArmStatistic(summary, input.metricType, theta);
  const result: TreatmentResult = {
    key: summary.key,
    n: summary.n,
    mean: treatment ? finiteOrNull(treatment.unadjustedMean) : null,
    lift: null,
    liftCI: null,
    absoluteDiff: null,
    absoluteCI: null,
    pValue: null,
    absolutePValue: null,
    chanceToBeatControl: null,
    risk: null,
    warning: null,
  };
  if (!control || !treatment) {
    const which = !control ? controlSummary.key : summary.key;
    result.warning = `variant "${which}" has a zero denominator sum, so its ratio is undefined`;
    return result;
  }

  const warnings: string[] = [];
  const baselineZero = control.unadjustedMean === 0;
  if (baselineZero) warnings.push("control mean is 0, so the relative lift is undefined");
  result.absoluteDiff = finiteOrNull(treatment.mean - control.mean);
  if (!baselineZero) result.lift = finiteOrNull((treatment.mean - control.mean) / Math.abs(control.unadjustedMean));

  const zeroVariance = [control, treatment].filter((s) => !(s.variance > 0 && s.n > 1));
  if (zeroVariance.length > 0) {
    const keys = zeroVariance.map((s) => `"${s === control ? controlSummary.key : summary.key}"`).join(" and ");
    warnings.push(`zero variance in ${keys}: intervals, p-values and probabilities cannot be computed`);
    result.warning = warnings.join("; ");
    return result;
  }

  const totalN = control.n + treatment.n;
  const absolute = inference(absoluteEffect(control, treatment), totalN, input, scalePrior(input, control));
  result.absoluteCI = interval(absolute.ci);
  result.absolutePValue = absolute.pValue === null ? null : finiteOrNull(absolute.pValue);
  if (!baselineZero) {
    const relative = inference(relativeEffect(control, treatment), totalN, input, input.prior);
    result.liftCI = interval(relative.ci);
    result.pValue = relative.pValue === null ? null : finiteOrNull(relative.pValue);
    result.chanceToBeatControl = relative.chance === null ? null : finiteOrNull(relative.chance);
    result.risk = relative.risk;
  } else if (input.engine === "bayesian" && input.prior) {
    warnings.push("the prior is on the lift, so the absolute interval uses a flat prior");
  }
  result.warning = warnings.length > 0 ? warnings.join("; ") : null;
  return result;
}

/**
 * The prior is specified on the relative lift; on the absolute scale it is the
 * same belief times |control mean| (treating the baseline as known, as gbstats
 * does when rescaling priors).
 */
function scalePrior(input: ParsedAnalyzeInput, control: ArmStatistic): GaussianPrior | undefined {
  const base = Math.abs(control.unadjustedMean);
  if (!input.prior || base === 0) return undefined;
  return { mean: input.prior.mean * base, variance: input.prior.variance * base * base };
}

/** Validates `input` (throws ZodError when invalid) and analyzes it. */
export function analyze(rawInput: AnalyzeInput): AnalyzeResult {
  const input = analyzeInputSchema.parse(rawInput);
  const controlKey = input.controlKey ?? input.variants[0].key;
  const controlSummary = input.variants.find((v) => v.key === controlKey)!;
  const controlMean = cupedArmStatistic(controlSummary, input.metricType, 0);
  const srm = sampleRatioMismatch(
    input.variants.map((v) => v.n),
    input.weights,
  );
  return {
    engine: input.engine,
    metricType: input.metricType,
    alpha: input.alpha,
    sides: input.sides,
    cuped: input.variants.every((v) => v.covariate !== undefined),
    control: {
      key: controlKey,
      n: controlSummary.n,
      mean: controlMean ? finiteOrNull(controlMean.unadjustedMean) : null,
    },
    treatments: input.variants
      .filter((v) => v.key !== controlKey)
      .map((v) => compare(controlSummary, v, input)),
    srm: { pValue: srm.pValue, flagged: srm.flagged },
  };
}
