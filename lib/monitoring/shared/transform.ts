/**
 * Variance-stabilising transform for anomaly scoring. Traffic and count
 * metrics are multiplicative: noise and seasonal swings scale with the level,
 * so a fixed band in raw units is too tight at peak hours and too loose at
 * night, and a "-30%" level shift looks like a daytime-only drop. Modelling
 * log1p(value) makes both additive (small counts use Anscombe's square root
 * instead). Chosen automatically for non-negative series that look like
 * counts or whose typical high/low ratio is large; bands are mapped back through
 * the inverse, which is monotone, so lower < expected < upper still holds.
 */
import { quantile } from "simple-statistics";
import { finite } from "./robust";

export type TransformName = "none" | "log1p" | "anscombe";

export interface Transform {
  name: TransformName;
  forward(v: number): number;
  inverse(v: number): number;
}

export const IDENTITY: Transform = { name: "none", forward: (v) => v, inverse: (v) => v };
const LOG1P: Transform = { name: "log1p", forward: Math.log1p, inverse: Math.expm1 };
/**
 * Anscombe's square root, 2*sqrt(x + 3/8): makes Poisson counts roughly unit
 * variance. For small counts it beats log1p, which blows a natural zero at
 * night (count 0 vs an expected 5) up into a huge deviation.
 */
const ANSCOMBE: Transform = {
  name: "anscombe",
  forward: (v) => 2 * Math.sqrt(v + 0.375),
  inverse: (v) => Math.max(0, v) ** 2 / 4 - 0.375, // clamped so it stays monotone
};

/** Ratio of the 95th to the 5th percentile above which we go multiplicative. */
const MULTIPLICATIVE_RATIO = 3;
/** Integer series with a median up to this are treated as Poisson-like counts. */
const SMALL_COUNT_MEDIAN = 50;

export function chooseTransform(values: ArrayLike<number>, requested: TransformName | "auto" = "auto"): Transform {
  if (requested === "none") return IDENTITY;
  const v = finite(values);
  if (v.length === 0 || v.some((x) => x < 0)) return IDENTITY; // log of negatives is meaningless
  if (requested === "log1p") return LOG1P;
  if (requested === "anscombe") return ANSCOMBE;
  if (v.every(Number.isInteger) && quantile(v, 0.5) <= SMALL_COUNT_MEDIAN) return ANSCOMBE;
  const lo = quantile(v, 0.05);
  const hi = quantile(v, 0.95);
  return hi / Math.max(lo, 1) >= MULTIPLICATIVE_RATIO ? LOG1P : IDENTITY;
}
