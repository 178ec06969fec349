// Session-level aggregation of the user's emotional state.
import { detectPatterns, type SessionPattern } from "./session-patterns";
import { computeTurnImpacts, type TurnImpact } from "./turn-impact";
import type { AnalyzedTurn, DominantLabel, Emotion, EmotionAnalyzer, EmotionVector, SessionTurn } from "./types";
import { DEFAULT_DOMINANT_THRESHOLD, dominantEmotion, neutralVector, rankedEmotions, weightedMeanVector } from "./vector";

/** Version of the aggregation/pattern rules; part of the session version. */
export const SESSION_AGGREGATION_VERSION = "session-v1";

/** A pasted document should not outweigh the rest of the conversation. */
export const MAX_TURN_WEIGHT_WORDS = 200;

export interface SessionAggregateOptions {
  /** Minimum mean intensity for an emotion to be listed as dominant. */
  dominantThreshold?: number;
  /** At most this many dominant emotions are listed. */
  maxDominantEmotions?: number;
}

export interface SessionAggregate {
  /** `<analyzer version>+session-v1`: changes when either part changes. */
  analysisVersion: string;
  /** Length-weighted mean of the user turns' vectors. */
  vector: EmotionVector;
  dominant: DominantLabel;
  dominantEmotions: { emotion: Emotion; score: number }[];
  patterns: SessionPattern[];
  userTurnCount: number;
  /** One entry per assistant turn (see computeTurnImpacts). */
  turnImpacts: TurnImpact[];
}

export function sessionAnalysisVersion(analyzerVersion: string): string {
  return `${analyzerVersion}+${SESSION_AGGREGATION_VERSION}`;
}

/** Weight of a turn in the session mean: its word count, capped. */
export function turnWeight(text: string): number {
  const words = text.match(/\S+/g)?.length ?? 0;
  return Math.min(Math.max(words, 1), MAX_TURN_WEIGHT_WORDS);
}

/**
 * Aggregates already-analysed turns. Only user turns describe the user's
 * state; assistant turns matter through their impact on the next user turn.
 */
export function aggregateSession(
  turns: readonly AnalyzedTurn[],
  analyzerVersion: string,
  options: SessionAggregateOptions = {},
): SessionAggregate {
  const threshold = options.dominantThreshold ?? DEFAULT_DOMINANT_THRESHOLD;
  const userTurns = turns.filter((t) => t.role === "user");
  const vector = weightedMeanVector(
    userTurns.map((t) => t.vector),
    userTurns.map((t) => turnWeight(t.text)),
  );
  return {
    analysisVersion: sessionAnalysisVersion(analyzerVersion),
    vector,
    dominant: dominantEmotion(vector, threshold),
    dominantEmotions: rankedEmotions(vector, threshold).slice(0, options.maxDominantEmotions ?? 3),
    patterns: detectPatterns(userTurns.map((t) => t.vector)),
    userTurnCount: userTurns.length,
    turnImpacts: computeTurnImpacts(turns),
  };
}

/** Runs the analyzer on the user turns (assistant text is not analysed: its
 * own tone is not the user's state) and aggregates the session. */
export async function analyzeSession(
  turns: readonly SessionTurn[],
  analyzer: EmotionAnalyzer,
  options: SessionAggregateOptions = {},
): Promise<SessionAggregate> {
  const userIndexes = turns.flatMap((t, i) => (t.role === "user" ? [i] : []));
  const vectors = await analyzer.analyze(userIndexes.map((i) => turns[i].text));
  if (vectors.length !== userIndexes.length) {
    throw new Error(`analyzer ${analyzer.id} returned ${vectors.length} vectors for ${userIndexes.length} texts`);
  }
  const byIndex = new Map(userIndexes.map((turnIndex, k) => [turnIndex, vectors[k]]));
  // Assistant turns get a placeholder vector: it is never read (impacts and
  // aggregates only use user vectors), but AnalyzedTurn requires one.
  const analysed: AnalyzedTurn[] = turns.map((t, i) => ({ ...t, vector: byIndex.get(i) ?? neutralVector() }));
  return aggregateSession(analysed, analyzer.version, options);
}
