// How GoEmotions labels (Demszky et al. 2020, Apache-2.0; see NOTICE.md) become Prism's targets. Shared by the
// training script and the benchmark so both read the corpus the same way.
import type { Emotion } from "@/lib/spectrum/types";
import type { PolarityLabel } from "../types";

/** Label ids of the original GoEmotions TSVs (`text \t ids \t comment id`), in file order. */
export const GOEMOTIONS_LABELS = [
  "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire",
  "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy",
  "love", "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
] as const;
export type GoEmotionsLabel = (typeof GOEMOTIONS_LABELS)[number];

/** The corpus's own sentiment mapping (goemotions/data/sentiment_mapping.json); "neutral" is its own group. */
const SENTIMENT_GROUP: Record<GoEmotionsLabel, "positive" | "negative" | "ambiguous" | "neutral"> = {
  admiration: "positive", amusement: "positive", approval: "positive", caring: "positive", desire: "positive",
  excitement: "positive", gratitude: "positive", joy: "positive", love: "positive", optimism: "positive",
  pride: "positive", relief: "positive",
  anger: "negative", annoyance: "negative", disappointment: "negative", disapproval: "negative", disgust: "negative",
  embarrassment: "negative", fear: "negative", grief: "negative", nervousness: "negative", remorse: "negative",
  sadness: "negative",
  confusion: "ambiguous", curiosity: "ambiguous", realization: "ambiguous", surprise: "ambiguous",
  neutral: "neutral",
};

/** Prism emotion ← the GoEmotions labels that count as it. */
export const EMOTION_SOURCES: Record<Emotion, readonly GoEmotionsLabel[]> = {
  joy: ["joy", "amusement", "excitement"],
  calm: ["relief"],
  gratitude: ["gratitude"],
  sadness: ["sadness", "grief"],
  anxiety: ["fear", "nervousness"],
  anger: ["anger", "disgust"],
  frustration: ["annoyance", "anger", "disappointment"],
  confusion: ["confusion"],
};

export interface LabelledText {
  text: string;
  labels: GoEmotionsLabel[];
  /** Gold polarity, or "excluded" when the labels span groups (e.g. admiration + annoyance) or are ambiguous only. */
  polarity: PolarityLabel | "excluded";
}

/**
 * Gold polarity of one comment: every label of the comment maps to its sentiment group; all positive → positive,
 * all negative → negative, only "neutral" → neutral; any ambiguous label, or a mix of groups → excluded.
 */
export function goldPolarity(labels: readonly GoEmotionsLabel[]): PolarityLabel | "excluded" {
  const groups = new Set(labels.map((l) => SENTIMENT_GROUP[l]));
  if (groups.size !== 1) return "excluded";
  const [only] = groups;
  return only === "ambiguous" ? "excluded" : only;
}

export function hasEmotion(labels: readonly GoEmotionsLabel[], emotion: Emotion): boolean {
  return labels.some((l) => EMOTION_SOURCES[emotion].includes(l));
}

/** Parses a GoEmotions TSV (original taxonomy). */
export function parseGoEmotionsTsv(tsv: string): LabelledText[] {
  const out: LabelledText[] = [];
  for (const line of tsv.split("\n")) {
    if (line.trim() === "") continue;
    const [text, ids] = line.split("\t");
    const labels = ids.split(",").map((i) => GOEMOTIONS_LABELS[Number(i)]);
    if (labels.some((l) => l === undefined)) throw new Error(`unknown GoEmotions label id in: ${ids}`);
    out.push({ text, labels, polarity: goldPolarity(labels) });
  }
  return out;
}
