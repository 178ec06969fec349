// Core Spectrum types. Kept free of runtime dependencies so that the API
// layer, workers and UI can all import them without pulling in the lexicon.

/** The named emotions Spectrum tracks. Order is significant: it is the
 * tie-break order for `dominantEmotion` and the column order in reports. */
export const EMOTIONS = [
  "joy",
  "calm",
  "gratitude",
  "sadness",
  "anxiety",
  "anger",
  "frustration",
  "confusion",
] as const;

export type Emotion = (typeof EMOTIONS)[number];

/** Dominant label of a vector: one of the emotions, or "neutral" when no
 * emotion is expressed strongly enough to name. */
export type DominantLabel = Emotion | "neutral";

export type EmotionScores = Record<Emotion, number>;

/**
 * Emotional reading of one text (or an aggregate of several).
 * - valence: unpleasant (-1) .. pleasant (+1)
 * - arousal: sleepy/low energy (0) .. agitated/excited (1)
 * - emotions: independent intensities in 0..1 (they do not sum to 1, a text
 *   can be both grateful and relieved).
 */
export interface EmotionVector {
  valence: number;
  arousal: number;
  emotions: EmotionScores;
}

/** Provider interface so model-based analyzers can replace the lexicon one. */
export interface EmotionAnalyzer {
  /** Family name, e.g. "lexicon". */
  readonly id: string;
  /** Stable analysis version, stored next to every result so that results
   * produced by different lexicons/models are never mixed silently. */
  readonly version: string;
  /** Must return exactly one vector per input text, in the same order. */
  analyze(texts: readonly string[]): Promise<EmotionVector[]>;
}

export type TurnRole = "user" | "assistant";

export interface SessionTurn {
  role: TurnRole;
  text: string;
  /** ISO string, epoch millis or Date; only used for ordering checks/reporting. */
  timestamp: string | number | Date;
}

/** A turn together with its analysed vector. */
export interface AnalyzedTurn extends SessionTurn {
  vector: EmotionVector;
}
