/**
 * Bayesian engine with a Gaussian model of the effect (gbstats
 * EffectBayesianABTest): the sampling distribution of the lift is treated as
 * the likelihood, combined with a flat (improper) prior by default or a proper
 * Normal(mean, variance) prior by precision weighting. Everything below is
 * closed form on the resulting Normal posterior.
 */
import { normalCdf, normalPdf, normalQuantile } from "./distributions";
import type { EffectEstimate } from "./effect";

export interface GaussianPrior {
  mean: number;
  variance: number;
}

export interface Posterior {
  mean: number;
  variance: number;
}

export interface ExpectedLoss {
  /** E[max(0, X)]: what is lost by keeping control if treatment is better. */
  chooseControl: number;
  /** E[max(0, −X)]: what is lost by shipping treatment if it is worse. */
  chooseTreatment: number;
}

export interface BayesianResult {
  posterior: Posterior;
  /** P(effect > 0). */
  chanceToBeatControl: number;
  risk: ExpectedLoss;
  /** Equal-tailed credible interval at level 1 − α. */
  credibleInterval: [number, number];
}

/** Precision-weighted combination of the data with the prior. */
export function gaussianPosterior(estimate: number, variance: number, prior?: GaussianPrior): Posterior {
  if (!prior) return { mean: estimate, variance };
  const precision = 1 / variance + 1 / prior.variance;
  return {
    mean: (estimate / variance + prior.mean / prior.variance) / precision,
    variance: 1 / precision,
  };
}

/**
 * Closed-form expected losses for X ~ N(μ, σ²) (gbstats get_risk computes the
 * same quantities via truncated-normal means):
 *   E[max(0, X)]  = μ·Φ(μ/σ) + σ·φ(μ/σ)
 *   E[max(0, −X)] = −μ·Φ(−μ/σ) + σ·φ(μ/σ)
 */
export function expectedLoss({ mean, variance }: Posterior): ExpectedLoss {
  const sd = Math.sqrt(variance);
  const z = mean / sd;
  const density = sd * normalPdf(z);
  return {
    chooseControl: Math.max(0, mean * normalCdf(z) + density),
    chooseTreatment: Math.max(0, -mean * normalCdf(-z) + density),
  };
}

export function bayesianTest(
  effect: Pick<EffectEstimate, "estimate" | "variance">,
  { alpha, prior }: { alpha: number; prior?: GaussianPrior },
): BayesianResult {
  const posterior = gaussianPosterior(effect.estimate, effect.variance, prior);
  const sd = Math.sqrt(posterior.variance);
  const z = normalQuantile(1 - alpha / 2);
  return {
    posterior,
    chanceToBeatControl: normalCdf(posterior.mean / sd),
    risk: expectedLoss(posterior),
    credibleInterval: [posterior.mean - z * sd, posterior.mean + z * sd],
  };
}
