/**
 * Sequential testing with asymptotic confidence sequences (Waudby-Smith et al.,
 * "Time-uniform central limit theory", arXiv 2103.06476, eq. 9 and 155), as in
 * gbstats' SequentialTwoSidedTTest and its one-sided variants. The intervals
 * hold simultaneously over every sample size, so results may be checked
 * (peeked at) as often as wanted without inflating the false-positive rate.
 */
import type { EffectEstimate } from "./effect";
import type { IntervalTest, Sides } from "./frequentist";

export const DEFAULT_SEQUENTIAL_TUNING_PARAMETER = 5000;

export interface SequentialOptions {
  alpha: number;
  sides: Sides;
  /** N*: the total sample size at which the sequence is tightest. */
  tuningParameter?: number;
}

/**
 * ρ that makes the sequence tightest at N = N* (eq. 161). One-sided sequences
 * spend all of α on one side, which gbstats implements by using 2α here.
 */
export function sequentialRho(alpha: number, tuningParameter: number, twoSided = true): number {
  const a = twoSided ? alpha : 2 * alpha;
  return Math.sqrt((-2 * Math.log(a) + Math.log(-2 * Math.log(a) + 1)) / tuningParameter);
}

/**
 * Half-width of the confidence sequence at total sample size N = n_T + n_C,
 * where s² = Var(estimate)·N is the per-unit-scale variance:
 *   two-sided: sqrt(s²·2(Nρ²+1)/(N²ρ²)·log(sqrt(Nρ²+1)/α))
 *   one-sided: sqrt(s²·2(Nρ²+1)/(N²ρ²)·log(1 + sqrt(Nρ²+1)/(2α)))
 */
export function sequentialHalfWidth(
  estimateVariance: number,
  totalN: number,
  alpha: number,
  rho: number,
  twoSided = true,
): number {
  const s2 = estimateVariance * totalN;
  const nr2 = totalN * rho * rho;
  const logTerm = twoSided ? Math.log(Math.sqrt(nr2 + 1) / alpha) : Math.log(1 + Math.sqrt(nr2 + 1) / (2 * alpha));
  return Math.sqrt((s2 * 2 * (nr2 + 1) * logTerm) / (totalN * totalN * rho * rho));
}

/**
 * Always-valid p-value: the smallest α whose sequence (with ρ fixed at the
 * configured α, as gbstats does) excludes 0. Setting the half-width equal to
 * |estimate| and solving for α gives a closed form, so no bisection is needed:
 *   two-sided: α = sqrt(Nρ²+1)·exp(−ρ²·N·δ²/(2·(Nρ²+1)·Var))  (eq. 155)
 *   one-sided: α = sqrt(Nρ²+1) / (2·(exp(L) − 1)),  L = δ²/(s²·2(Nρ²+1)/(N²ρ²))
 * A one-sided estimate on the wrong side of 0 never excludes 0: p = 1.
 */
export function sequentialPValue(
  estimate: number,
  estimateVariance: number,
  totalN: number,
  rho: number,
  sides: Sides,
): number {
  const nr2 = totalN * rho * rho;
  if (sides === "two-sided") {
    const exponent = (rho * rho * totalN * estimate * estimate) / (2 * (nr2 + 1) * estimateVariance);
    return Math.min(1, Math.sqrt(nr2 + 1) * Math.exp(-exponent));
  }
  if ((sides === "greater" && estimate <= 0) || (sides === "less" && estimate >= 0)) return 1;
  const scale = (estimateVariance * totalN * 2 * (nr2 + 1)) / (totalN * totalN * rho * rho);
  const L = (estimate * estimate) / scale;
  return Math.min(1, Math.sqrt(nr2 + 1) / (2 * Math.expm1(L)));
}

export function sequentialTest(
  effect: EffectEstimate,
  totalN: number,
  { alpha, sides, tuningParameter = DEFAULT_SEQUENTIAL_TUNING_PARAMETER }: SequentialOptions,
): IntervalTest {
  const twoSided = sides === "two-sided";
  const rho = sequentialRho(alpha, tuningParameter, twoSided);
  const hw = sequentialHalfWidth(effect.variance, totalN, alpha, rho, twoSided);
  const ci: [number, number] =
    sides === "greater"
      ? [effect.estimate - hw, Infinity]
      : sides === "less"
        ? [-Infinity, effect.estimate + hw]
        : [effect.estimate - hw, effect.estimate + hw];
  return { pValue: sequentialPValue(effect.estimate, effect.variance, totalN, rho, sides), ci };
}
