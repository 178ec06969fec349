/**
 * Sample ratio mismatch: a chi-square goodness-of-fit test of the observed unit
 * counts against the configured traffic weights. A tiny p-value means the
 * assignment or tracking is broken, and the experiment's results should not be
 * trusted whatever they say.
 */
import { chiSquareSurvival } from "./distributions";

/** Conventional threshold (GrowthBook uses the same): false alarms are costly. */
export const SRM_THRESHOLD = 0.001;

export interface SrmResult {
  /** Null when there is nothing to test (fewer than two weighted variants or no units). */
  pValue: number | null;
  flagged: boolean;
  chiSquare: number | null;
  dof: number | null;
}

/**
 * @param counts observed units per variant
 * @param weights expected traffic shares (any positive scale); equal when omitted.
 *   A zero-weight variant that received units is an unconditional mismatch.
 */
export function sampleRatioMismatch(
  counts: readonly number[],
  weights?: readonly number[],
  threshold = SRM_THRESHOLD,
): SrmResult {
  const w = weights ?? counts.map(() => 1);
  if (w.length !== counts.length) throw new Error("weights must have one entry per variant");
  const totalWeight = w.reduce((a, b) => a + b, 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const none: SrmResult = { pValue: null, flagged: false, chiSquare: null, dof: null };
  if (total <= 0 || totalWeight <= 0) return none;

  let chiSquare = 0;
  let categories = 0;
  for (let i = 0; i < counts.length; i++) {
    if (w[i] <= 0) {
      if (counts[i] > 0) return { pValue: 0, flagged: true, chiSquare: Infinity, dof: null };
      continue;
    }
    const expected = (w[i] / totalWeight) * total;
    chiSquare += (counts[i] - expected) ** 2 / expected;
    categories++;
  }
  if (categories < 2) return none;
  const dof = categories - 1;
  const pValue = chiSquareSurvival(chiSquare, dof);
  return { pValue, flagged: pValue < threshold, chiSquare, dof };
}
