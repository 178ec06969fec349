// Contract of POST /api/v1/analyze/emotions. The route handler validates the
// body with the schema and calls analyzeEmotions; nothing here knows about HTTP.
import { z } from "zod";
import { lexiconAnalyzer } from "../lexicon-analyzer";
import type { DominantLabel, EmotionAnalyzer, EmotionScores } from "../types";
import { dominantEmotion, roundVector } from "../vector";

export const MAX_TEXTS_PER_REQUEST = 100;
export const MAX_TEXT_LENGTH = 10_000;

export const analyzeEmotionsInputSchema = z.object({
  texts: z
    .array(
      z
        .string()
        .min(1, "each text must be non-empty")
        .max(MAX_TEXT_LENGTH, `each text must be at most ${MAX_TEXT_LENGTH} characters`),
    )
    .min(1, "texts must contain at least one text")
    .max(MAX_TEXTS_PER_REQUEST, `at most ${MAX_TEXTS_PER_REQUEST} texts per request`),
});

export type AnalyzeEmotionsInput = z.infer<typeof analyzeEmotionsInputSchema>;

export interface EmotionResult {
  valence: number;
  arousal: number;
  emotions: EmotionScores;
  dominant: DominantLabel;
}

export interface AnalyzeEmotionsResponse {
  analysisVersion: string;
  /** Same order as the input texts. */
  results: EmotionResult[];
}

export async function analyzeEmotions(
  input: AnalyzeEmotionsInput,
  analyzer: EmotionAnalyzer = lexiconAnalyzer(),
): Promise<AnalyzeEmotionsResponse> {
  const vectors = await analyzer.analyze(input.texts);
  if (vectors.length !== input.texts.length) {
    throw new Error(`analyzer ${analyzer.id} returned ${vectors.length} results for ${input.texts.length} texts`);
  }
  return {
    analysisVersion: analyzer.version,
    results: vectors.map((v) => {
      // Rounded for a compact, stable payload; dominant uses full precision.
      const r = roundVector(v, 4);
      return { valence: r.valence, arousal: r.arousal, emotions: r.emotions, dominant: dominantEmotion(v) };
    }),
  };
}
