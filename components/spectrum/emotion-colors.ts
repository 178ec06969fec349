import type { Emotion } from "@/lib/spectrum/types";

/** One fixed colour per emotion (CSS variables in the spectrum section of globals.css, dark-mode aware). */
export const EMOTION_COLORS: Record<Emotion, string> = {
  joy: "var(--emo-joy)",
  calm: "var(--emo-calm)",
  gratitude: "var(--emo-gratitude)",
  sadness: "var(--emo-sadness)",
  anxiety: "var(--emo-anxiety)",
  anger: "var(--emo-anger)",
  frustration: "var(--emo-frustration)",
  confusion: "var(--emo-confusion)",
};
