// Public API of the tracing ingestion library (pure: no DB, React or Next).
//
// Typical ingestion path for one OTLP request:
//   const masker = createMasker(project.masking);            // once per config
//   const batch = mapResourceSpans(body.resourceSpans, { sampleRate, masker });
//   applyComputedCosts(batch.observations, { overrides: project.prices });
//   const totals = rollupTraceUsage(batch.observations);

export type * from "./types";
export type * from "./otlp";
export { OBSERVATION_LEVELS, OBSERVATION_TYPES } from "./types";

export { anyValueToJs, flattenAttributes } from "./attributes";
export { bytesToHex, normaliseSpanId, normaliseTraceId } from "./ids";
export { nanosToDate, nanosToMillis } from "./time";
export { DEFAULT_ENVIRONMENT, mapResourceSpans, type MapContext, type MappedBatch } from "./map-resource-spans";

export { DEFAULT_MODEL_PRICES } from "./pricing/default-prices";
export { matchModelPrice } from "./pricing/match";
export { applyComputedCosts, computeCost, type ComputedCost, type PriceLists } from "./pricing/cost";
export { rollupTraceUsage, type CostTotals, type TraceUsageRollup, type UsageTotals } from "./pricing/rollup";
export { modelPriceListSchema, modelPriceSchema, perMillion, type ModelPrice } from "./pricing/types";

export {
  BUILTIN_RULE_IDS,
  MASK_TOKENS,
  MaskingConfigError,
  createMasker,
  maskingConfigSchema,
  parseMaskingConfig,
  type BuiltinRuleId,
  type Masker,
  type MaskingConfig,
} from "./masking";

export { shouldKeepTrace, traceIdToUnitInterval } from "./sampling";
