// The tests the rules cite, built on lib/experiments' statistics (Welch t, normal tail) so there is one implementation
// of each distribution in Prism.
import { absoluteEffect } from "@/lib/experiments/stats/effect";
import { welchTTest } from "@/lib/experiments/stats/frequentist";
import { normalCdf } from "@/lib/experiments/stats/distributions";

export interface SampleMoments {
  n: number;
  mean: number;
  variance: number;
}

/** Welch's test of b − a: the difference, its two-sided p-value and the (1 − alpha) interval. Null below 2 per arm or with no variance at all. */
export function welchDifference(a: SampleMoments, b: SampleMoments, alpha: number): { diff: number; pValue: number; ci: [number, number] } | null {
  if (a.n < 2 || b.n < 2 || a.variance + b.variance <= 0) return null;
  const effect = absoluteEffect({ n: a.n, mean: a.mean, unadjustedMean: a.mean, variance: a.variance }, { n: b.n, mean: b.mean, unadjustedMean: b.mean, variance: b.variance });
  const test = welchTTest(effect, { alpha, sides: "two-sided" });
  return { diff: effect.estimate, pValue: test.pValue, ci: test.ci };
}

/** Pooled two-proportion z-test of p2 − p1 (two-sided). Null without events on both sides or with no variance. */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { p1: number; p2: number; diff: number; pValue: number } | null {
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return null;
  const z = (p2 - p1) / se;
  return { p1, p2, diff: p2 - p1, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** Rounded for evidence: enough digits to read, none that pretend to precision. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Relative change beyond which a closed suggestion's evidence counts as materially different (25%). */
export const MATERIAL_CHANGE = 0.25;

/**
 * Whether a suggestion closed as done / not useful should re-open: one of its material evidence fields moved by more
 * than MATERIAL_CHANGE relative to its value when the verdict was given (or a text field changed, or one appeared).
 */
export function materiallyChanged(before: Record<string, unknown> | null, after: Record<string, unknown>, fields: readonly string[]): boolean {
  if (!before) return false;
  return fields.some((f) => {
    const a = before[f];
    const b = after[f];
    if (typeof a === "number" && typeof b === "number") {
      if (a === b) return false;
      return Math.abs(b - a) > MATERIAL_CHANGE * Math.max(Math.abs(a), 1e-12);
    }
    return a !== b;
  });
}

/** A p-value as the bodies print it. */
export function formatP(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}
