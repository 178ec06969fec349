// Small, allocation-light helpers over EmotionVector. Everything here is pure.
import { EMOTIONS, type DominantLabel, type Emotion, type EmotionScores, type EmotionVector } from "./types";

/** Below this intensity an emotion is not considered "expressed"; chosen so
 * that a single weak cue (e.g. "fine") does not name the whole text. */
export const DEFAULT_DOMINANT_THRESHOLD = 0.2;

/** Arousal of a text with no emotional cues at all: calm-ish but awake. */
export const NEUTRAL_AROUSAL = 0.3;

export function clamp(x: number, lo: number, hi: number): number {
  if (Number.isNaN(x)) return lo;
  return x < lo ? lo : x > hi ? hi : x;
}

export function zeroScores(): EmotionScores {
  return { joy: 0, calm: 0, gratitude: 0, sadness: 0, anxiety: 0, anger: 0, frustration: 0, confusion: 0 };
}

export function neutralVector(): EmotionVector {
  return { valence: 0, arousal: NEUTRAL_AROUSAL, emotions: zeroScores() };
}

/** Strongest emotion, or "neutral" when none reaches the threshold. Ties are
 * broken by the fixed EMOTIONS order so the result is deterministic. */
export function dominantEmotion(v: EmotionVector, threshold = DEFAULT_DOMINANT_THRESHOLD): DominantLabel {
  let best: Emotion | null = null;
  let bestScore = -Infinity;
  for (const e of EMOTIONS) {
    if (v.emotions[e] > bestScore) {
      best = e;
      bestScore = v.emotions[e];
    }
  }
  return best !== null && bestScore >= threshold ? best : "neutral";
}

/** Emotions at or above `threshold`, strongest first. */
export function rankedEmotions(
  v: EmotionVector,
  threshold = DEFAULT_DOMINANT_THRESHOLD,
): { emotion: Emotion; score: number }[] {
  return EMOTIONS.map((emotion) => ({ emotion, score: v.emotions[emotion] }))
    .filter((x) => x.score >= threshold)
    .sort((a, b) => b.score - a.score || EMOTIONS.indexOf(a.emotion) - EMOTIONS.indexOf(b.emotion));
}

/** Weighted mean of vectors. Zero/negative/non-finite weights are ignored;
 * with no usable weight the result is the neutral vector. */
export function weightedMeanVector(vectors: readonly EmotionVector[], weights: readonly number[]): EmotionVector {
  if (vectors.length !== weights.length) throw new Error("weightedMeanVector: vectors and weights differ in length");
  const out = { valence: 0, arousal: 0, emotions: zeroScores() };
  let total = 0;
  vectors.forEach((v, i) => {
    const w = weights[i];
    if (!Number.isFinite(w) || w <= 0) return;
    total += w;
    out.valence += v.valence * w;
    out.arousal += v.arousal * w;
    for (const e of EMOTIONS) out.emotions[e] += v.emotions[e] * w;
  });
  if (total === 0) return neutralVector();
  out.valence /= total;
  out.arousal /= total;
  for (const e of EMOTIONS) out.emotions[e] /= total;
  return out;
}

export function meanVector(vectors: readonly EmotionVector[]): EmotionVector {
  return weightedMeanVector(vectors, vectors.map(() => 1));
}

/** Component-wise `to - from` (deltas are unclamped: valence delta is in -2..2). */
export function subtractVectors(to: EmotionVector, from: EmotionVector): EmotionVector {
  const emotions = zeroScores();
  for (const e of EMOTIONS) emotions[e] = to.emotions[e] - from.emotions[e];
  return { valence: to.valence - from.valence, arousal: to.arousal - from.arousal, emotions };
}

/** Flattens a vector into named dimensions; used by period statistics. */
export function vectorDimensions(v: EmotionVector): Record<Dimension, number> {
  return { valence: v.valence, arousal: v.arousal, ...v.emotions };
}

export const DIMENSIONS = ["valence", "arousal", ...EMOTIONS] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function roundVector(v: EmotionVector, digits = 4): EmotionVector {
  const f = 10 ** digits;
  const r = (x: number) => Math.round(x * f) / f || 0; // `|| 0` turns -0 into 0
  const emotions = zeroScores();
  for (const e of EMOTIONS) emotions[e] = r(v.emotions[e]);
  return { valence: r(v.valence), arousal: r(v.arousal), emotions };
}
