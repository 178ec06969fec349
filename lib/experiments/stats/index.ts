// Public surface of the experiments statistics engine (pure: no I/O).
export { analyze, type AnalyzeResult, type Interval, type TreatmentResult } from "./analyze";
export {
  analyzeInputSchema,
  describeIssues,
  type AnalyzeInput,
  type ParsedAnalyzeInput,
} from "./schema";
export { absoluteEffect, relativeEffect, welchSatterthwaiteDof, type EffectEstimate } from "./effect";
export { welchTTest, type IntervalTest, type Sides, type TestOptions } from "./frequentist";
export {
  DEFAULT_SEQUENTIAL_TUNING_PARAMETER,
  sequentialHalfWidth,
  sequentialPValue,
  sequentialRho,
  sequentialTest,
  type SequentialOptions,
} from "./sequential";
export {
  bayesianTest,
  expectedLoss,
  gaussianPosterior,
  type BayesianResult,
  type ExpectedLoss,
  type GaussianPrior,
  type Posterior,
} from "./bayesian";
export { cupedArmStatistic, pooledTheta } from "./cuped";
export {
  armStatistic,
  ratioVariance,
  sampleCovariance,
  sampleVariance,
  type ArmStatistic,
  type CovariateSummary,
  type MetricType,
  type VariantSummary,
} from "./variant-statistics";
export { SRM_THRESHOLD, sampleRatioMismatch, type SrmResult } from "./srm";
export { adjustPValues, type PValueCorrection } from "./multiple-comparisons";
export {
  minimumDetectableEffect,
  requiredSampleSize,
  type MdeResult,
  type PowerBaseline,
  type PowerSettings,
  type SampleSizePlan,
} from "./power";
