// A linear model over sparse text features: one softmax head for polarity (negative, neutral, positive) and one
// logistic head per Prism emotion. Weights are trained offline (scripts/train-sentiment.ts) and shipped as JSON.
import { z } from "zod";
import { EMOTIONS, type Emotion, type EmotionScores } from "@/lib/spectrum/types";
import { POLARITY_LABELS, type SentimentReading } from "../types";
import type { Features } from "./features";

/** Head order: the three polarity classes, then the emotions in EMOTIONS order. */
export const HEADS = [...POLARITY_LABELS, ...EMOTIONS] as const;

export const modelFileSchema = z.object({
  version: z.string().min(1),
  bias: z.array(z.number()).length(HEADS.length),
  /** Detection threshold per emotion (tuned on the dev split for F1). */
  thresholds: z.record(z.enum(EMOTIONS), z.number()),
  /** feature → [head index, weight, head index, weight, …] (zero weights left out). */
  weights: z.record(z.string(), z.array(z.number())),
});
export type ModelFile = z.infer<typeof modelFileSchema>;

export interface LinearModel {
  version: string;
  bias: Float64Array;
  thresholds: Record<Emotion, number>;
  weights: Map<string, Float64Array>;
}

export function loadModel(file: unknown): LinearModel {
  const m = modelFileSchema.parse(file);
  const weights = new Map<string, Float64Array>();
  for (const [feature, pairs] of Object.entries(m.weights)) {
    const dense = new Float64Array(HEADS.length);
    for (let i = 0; i + 1 < pairs.length; i += 2) dense[pairs[i]] = pairs[i + 1];
    weights.set(feature, dense);
  }
  return { version: m.version, bias: Float64Array.from(m.bias), thresholds: m.thresholds as Record<Emotion, number>, weights };
}

/** Raw scores (logits) of every head. */
export function logits(model: Pick<LinearModel, "bias" | "weights">, features: Features): Float64Array {
  const z = Float64Array.from(model.bias);
  for (const [name, x] of features) {
    const w = model.weights.get(name);
    if (!w) continue;
    for (let h = 0; h < z.length; h++) z[h] += w[h] * x;
  }
  return z;
}

export function softmax3(z: ArrayLike<number>): [number, number, number] {
  const m = Math.max(z[0], z[1], z[2]);
  const e = [Math.exp(z[0] - m), Math.exp(z[1] - m), Math.exp(z[2] - m)];
  const s = e[0] + e[1] + e[2];
  return [e[0] / s, e[1] / s, e[2] / s];
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function readingFromLogits(model: Pick<LinearModel, "thresholds">, z: ArrayLike<number>): SentimentReading {
  const [neg, neu, pos] = softmax3(z);
  const label = neu >= neg && neu >= pos ? "neutral" : pos > neg ? "positive" : "negative";
  const emotions = {} as EmotionScores;
  const detected: Emotion[] = [];
  EMOTIONS.forEach((e, i) => {
    const p = sigmoid(z[3 + i]);
    emotions[e] = round(p);
    if (p >= model.thresholds[e]) detected.push(e);
  });
  return { polarity: round(pos - neg), label, emotions, detected };
}
