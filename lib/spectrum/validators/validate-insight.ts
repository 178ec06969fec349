// Single entry point used before an insight is stored.
import { validateNoLeak } from "./leak";
import { validateSafety } from "./safety";
import { validateTone } from "./tone";
import { result, type ValidationResult } from "./types";

export interface InsightValidationContext {
  /** The user's raw turns the insight was generated from. */
  rawTurns: readonly string[];
  /** Leak n-gram length (default 6). */
  leakNgram?: number;
}

/** Runs safety, tone and leak checks; all violations are reported together so
 * a regeneration prompt can address every problem at once. */
export function validateInsight(text: string, context: InsightValidationContext): ValidationResult {
  if (text.trim() === "") {
    return result([{ rule: "content.empty", message: "Insight text is empty.", excerpt: "" }]);
  }
  return result([
    ...validateSafety(text).violations,
    ...validateTone(text).violations,
    ...validateNoLeak(text, { rawTurns: context.rawTurns, ngram: context.leakNgram }).violations,
  ]);
}
