/**
 * Point estimates and sampling variances of the treatment effect, shared by all
 * three engines (gbstats "EffectMoments"): the relative lift
 * (μ_T − μ_C)/|μ_C| with a delta-method variance, and the absolute difference.
 */
import type { ArmStatistic } from "./variant-statistics";

export interface EffectEstimate {
  estimate: number;
  /** Sampling variance of `estimate`. */
  variance: number;
  /** Welch–Satterthwaite degrees of freedom. */
  dof: number;
}

/**
 * Welch–Satterthwaite degrees of freedom from the per-unit variances, as
 * gbstats uses for both the absolute and the relative test.
 */
export function welchSatterthwaiteDof(control: ArmStatistic, treatment: ArmStatistic): number {
  const vc = control.variance / control.n;
  const vt = treatment.variance / treatment.n;
  return (vc + vt) ** 2 / (vt ** 2 / (treatment.n - 1) + vc ** 2 / (control.n - 1));
}

export function absoluteEffect(control: ArmStatistic, treatment: ArmStatistic): EffectEstimate {
  return {
    estimate: treatment.mean - control.mean,
    variance: treatment.variance / treatment.n + control.variance / control.n,
    dof: welchSatterthwaiteDof(control, treatment),
  };
}

/**
 * Relative lift. Dividing by |μ_C| keeps the sign meaning "treatment is higher"
 * for negative-valued metrics; the variance only involves μ_C², so it is
 * gbstats' formula either way:
 *   Var = σ²_T/(n_T·μ_C²) + σ²_C·μ_T²/(n_C·μ_C⁴)
 * and, with CUPED (frequentist_variance_relative_cuped), the control term also
 * carries the covariate: (σ²_y·μ_T²/μ_C² − 2θ·cov·μ_T/μ_C + θ²·σ²_x)/(n_C·μ_C²),
 * where μ are the unadjusted means. Callers must rule out μ_C = 0.
 */
export function relativeEffect(control: ArmStatistic, treatment: ArmStatistic): EffectEstimate {
  const base = control.unadjustedMean;
  const muT = treatment.unadjustedMean;
  const treatmentTerm = treatment.variance / (treatment.n * base ** 2);
  let controlTerm: number;
  if (control.cuped) {
    const { theta, postVariance, preVariance, covariance } = control.cuped;
    controlTerm =
      ((postVariance * muT ** 2) / base ** 2 - (2 * theta * covariance * muT) / base + theta ** 2 * preVariance) /
      (control.n * base ** 2);
  } else {
    controlTerm = (control.variance * muT ** 2) / (control.n * base ** 4);
  }
  return {
    estimate: (treatment.mean - control.mean) / Math.abs(base),
    variance: Math.max(0, treatmentTerm + controlTerm),
    dof: welchSatterthwaiteDof(control, treatment),
  };
}
