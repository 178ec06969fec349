/**
 * Thin wrappers over jStat's distribution functions, adding what jStat lacks
 * for A/B-test sizes: an accurate upper tail (no 1 - cdf cancellation) and a
 * t quantile that stays correct at the very large Welch degrees of freedom that
 * experiments with millions of users produce. Agreement with scipy is asserted
 * in distributions.test.ts.
 */
import jStat from "jstat";

export function normalPdf(x: number): number {
  return jStat.normal.pdf(x, 0, 1);
}

export function normalCdf(x: number): number {
  return jStat.normal.cdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p) for p in (0, 1). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

// jStat's incomplete beta loses accuracy when both shape parameters are huge;
// past this many degrees of freedom the t distribution is normal to ~1e-14
// after Fisher's first-order correction.
const HUGE_DOF = 1e7;
// jStat's ibetainv (used by its t quantile) stops converging somewhere past
// 1e6 dof; the Cornish-Fisher series below is exact to double precision here.
const LARGE_DOF_QUANTILE = 1e5;

/** Upper tail P(T > t) of Student's t with `dof` (> 0, may be fractional). */
export function studentTSurvival(t: number, dof: number): number {
  if (dof > HUGE_DOF) {
    const w = (t * (1 - 1 / (4 * dof))) / Math.sqrt(1 + (t * t) / (2 * dof));
    return normalCdf(-w);
  }
  // P(|T| > |t|) = I_{dof/(dof+t²)}(dof/2, 1/2): computed directly, so tiny
  // p-values keep their relative precision.
  const twoTailed = jStat.ibeta(dof / (dof + t * t), dof / 2, 0.5);
  const tail = Math.min(0.5, Math.max(0, 0.5 * twoTailed));
  return t >= 0 ? tail : 1 - tail;
}

export function studentTCdf(t: number, dof: number): number {
  return studentTSurvival(-t, dof);
}

/** Student's t quantile for p in (0, 1). */
export function studentTQuantile(p: number, dof: number): number {
  if (dof > LARGE_DOF_QUANTILE) {
    // Cornish-Fisher expansion of the t quantile in powers of 1/dof.
    const z = normalQuantile(p);
    const z2 = z * z;
    const g1 = (z * (z2 + 1)) / 4;
    const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
    const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
    return z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3;
  }
  return jStat.studentt.inv(p, dof);
}

/** Upper tail P(X > x) of the chi-square distribution with `dof` degrees of freedom. */
export function chiSquareSurvival(x: number, dof: number): number {
  if (x <= 0) return 1;
  return Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(x, dof)));
}
