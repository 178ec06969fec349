/**
 * Fixed-horizon Welch t-test on an effect estimate (gbstats TwoSidedTTest,
 * OneSidedTreatmentGreaterTTest, OneSidedTreatmentLesserTTest).
 */
import { studentTQuantile, studentTSurvival } from "./distributions";
import type { EffectEstimate } from "./effect";

/** Alternative hypothesis: effect ≠ 0, effect > 0 or effect < 0. */
export type Sides = "two-sided" | "greater" | "less";

export interface IntervalTest {
  pValue: number;
  /** One-sided tests have one infinite bound. */
  ci: [number, number];
}

export interface TestOptions {
  alpha: number;
  sides: Sides;
}

export function welchTTest(effect: EffectEstimate, { alpha, sides }: TestOptions): IntervalTest {
  const se = Math.sqrt(effect.variance);
  const t = effect.estimate / se;
  const { dof } = effect;
  if (sides === "greater") {
    const width = studentTQuantile(1 - alpha, dof) * se;
    return { pValue: studentTSurvival(t, dof), ci: [effect.estimate - width, Infinity] };
  }
  if (sides === "less") {
    const width = studentTQuantile(1 - alpha, dof) * se;
    return { pValue: studentTSurvival(-t, dof), ci: [-Infinity, effect.estimate + width] };
  }
  const width = studentTQuantile(1 - alpha / 2, dof) * se;
  return {
    pValue: Math.min(1, 2 * studentTSurvival(Math.abs(t), dof)),
    ci: [effect.estimate - width, effect.estimate + width],
  };
}
