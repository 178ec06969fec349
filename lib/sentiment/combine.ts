// One reading per trace from the readings of its texts (user messages, then feedback comments).
import { EMOTIONS, type Emotion, type EmotionScores } from "@/lib/spectrum/types";
import type { PolarityLabel, SentimentReading } from "./types";

/** Polarity beyond which a combined reading is called positive/negative (matches a single text's decision). */
const LABEL_MARGIN = 0.1;

/** The label of a combined polarity: its sign beyond LABEL_MARGIN. */
export function polarityLabel(polarity: number): PolarityLabel {
  return polarity > LABEL_MARGIN ? "positive" : polarity < -LABEL_MARGIN ? "negative" : "neutral";
}

/**
 * Mean polarity; each emotion at its strongest (a frustrated message stays frustrated next to a polite one); the
 * label is the single text's label when there is one, else the sign of the mean beyond a small margin.
 */
export function combineReadings(readings: readonly SentimentReading[]): SentimentReading | null {
  if (readings.length === 0) return null;
  if (readings.length === 1) return readings[0];
  const polarity = readings.reduce((s, r) => s + r.polarity, 0) / readings.length;
  const emotions = {} as EmotionScores;
  for (const e of EMOTIONS) emotions[e] = Math.max(...readings.map((r) => r.emotions[e]));
  const detected = EMOTIONS.filter((e: Emotion) => readings.some((r) => r.detected.includes(e)));
  return { polarity: Math.round(polarity * 1e4) / 1e4, label: polarityLabel(polarity), emotions, detected };
}
