// Public API of the Spectrum library (pure: no database, React or Next).
export * from "./types";
export {
  DEFAULT_DOMINANT_THRESHOLD,
  DIMENSIONS,
  NEUTRAL_AROUSAL,
  dominantEmotion,
  meanVector,
  neutralVector,
  rankedEmotions,
  roundVector,
  subtractVectors,
  weightedMeanVector,
  type Dimension,
} from "./vector";
export { LEXICON_ANALYSIS_VERSION, LexiconEmotionAnalyzer, lexiconAnalyzer, type LexiconAnalyzerOptions } from "./lexicon-analyzer";
export { computeTurnImpacts, type ImpactInputTurn, type TurnImpact } from "./turn-impact";
export { PATTERN_LABELS, SESSION_PATTERNS, detectPatterns, type SessionPattern } from "./session-patterns";
export {
  SESSION_AGGREGATION_VERSION,
  aggregateSession,
  analyzeSession,
  sessionAnalysisVersion,
  turnWeight,
  type SessionAggregate,
  type SessionAggregateOptions,
} from "./session-aggregate";
export {
  PERIOD_AGGREGATION_VERSION,
  aggregatePeriod,
  type DimensionStats,
  type NotableDay,
  type PeriodAggregate,
  type PeriodOptions,
  type SessionSummary,
  type Shift,
} from "./period-aggregate";
export { periodRange, previousPeriodRange, type Granularity, type PeriodRange } from "./period-range";
export { validateInsight, type InsightValidationContext } from "./validators/validate-insight";
export { validateTone, TONE_RULES } from "./validators/tone";
export { validateSafety, SAFETY_RULES } from "./validators/safety";
export { DEFAULT_LEAK_NGRAM, leakTokens, validateNoLeak, type LeakOptions } from "./validators/leak";
export type { ValidationResult, Violation } from "./validators/types";
export {
  MAX_TEXTS_PER_REQUEST,
  MAX_TEXT_LENGTH,
  analyzeEmotions,
  analyzeEmotionsInputSchema,
  type AnalyzeEmotionsInput,
  type AnalyzeEmotionsResponse,
  type EmotionResult,
} from "./api/analyze-emotions";
