/**
 * Prism monitoring library: anomaly detection, drift tests and forecasting.
 * Pure functions (no database, React or Next imports); augurs WebAssembly is
 * loaded synchronously from node_modules, so call these from the Node.js
 * runtime (route handlers with `runtime = "nodejs"`, cron jobs, workers).
 */
export {
  type Anomaly,
  type DetectAnomaliesInput,
  type DetectAnomaliesResult,
  detectAnomalies,
  detectAnomaliesInputSchema,
} from "./anomaly/detect";
export {
  type AnomalyFeedback,
  type AnomalyKind,
  BASE_THRESHOLDS,
  falsePositiveRate,
  feedbackSchema,
  type Sensitivity,
  sensitivitySchema,
  type Severity,
  tuneSensitivity,
  type TuneResult,
} from "./anomaly/sensitivity";
export { computeDrift } from "./drift/compute";
export { type EmbeddingProvider, embedTexts, hashedNgramEmbedder } from "./drift/embedding";
export { ksTwoSample } from "./drift/ks";
export {
  type ComputeDriftInput,
  computeDriftInputSchema,
  DEFAULT_THRESHOLDS as DEFAULT_DRIFT_THRESHOLDS,
  type DriftResult,
  type DriftTest,
  type FeatureDrift,
} from "./drift/schema";
export { type NabProfile, NAB_PROFILES, nabRawScore, normaliseNab, precisionRecallF1, windowEvents } from "./eval/nab";
export type { BacktestResult } from "./forecast/backtest";
export {
  type ForecastPoint,
  type ForecastResult,
  forecastSeries,
  type ForecastSeriesInput,
  forecastSeriesInputSchema,
} from "./forecast/forecast";
export { type SeriesPoint, seriesPointSchema } from "./shared/series";
