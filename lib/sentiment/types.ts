// Sentiment of end-user text: the stored shape and the analyzer interface (pure types).
import type { EmotionScores } from "@/lib/spectrum/types";

export const POLARITY_LABELS = ["negative", "neutral", "positive"] as const;
export type PolarityLabel = (typeof POLARITY_LABELS)[number];

export interface SentimentReading {
  /** Pleasant minus unpleasant, in [-1, 1]. */
  polarity: number;
  label: PolarityLabel;
  /** Intensity of each Prism emotion in [0, 1]. */
  emotions: EmotionScores;
  /** Emotions whose intensity passed the analyzer's detection threshold. */
  detected: (keyof EmotionScores)[];
}

export interface SentimentAnalyzer {
  /** Stored with each result, so readings of different analyzers are never mixed silently. */
  readonly version: string;
  analyze(texts: readonly string[]): Promise<SentimentReading[]>;
}
