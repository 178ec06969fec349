// Builders shared by the Spectrum tests (not part of the public API).
import type { Emotion, EmotionVector } from "../../lib/spectrum/types";
import { zeroScores } from "../../lib/spectrum/vector";

export function vec(valence: number, emotions: Partial<Record<Emotion, number>> = {}, arousal = 0.3): EmotionVector {
  return { valence, arousal, emotions: { ...zeroScores(), ...emotions } };
}
