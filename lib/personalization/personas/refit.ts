/**
 * Refits the persona signal weights from feedback (issue 17: "the requirements' weights are the default, refitted weekly
 * from feedback when enough exists"). Each example is one served suggestion: the shown personas' scaled signals and
 * the one the product accepted (and the user did not rate poorly). The choice is modelled as a conditional logit
 * (McFadden 1974): P(c) ∝ exp(β·s_c), which is the suggestion score's own form (a weighted sum of the signals) with a
 * free scale. The requirements' weights are the prior: first the best scale t of the prior alone, then a Newton fit
 * of β with an L2 pull towards t·prior (MAP under a Gaussian prior), so a little feedback moves the weights a little.
 * A refit is adopted only when it ranks the accepted persona first at least as often as the prior on a time-based
 * holdout (the last 20% of the examples); the weights in use are max(β, 0), rescaled to the prior's sum.
 */
import { solveSpd } from "@/lib/primitives/linear-solve";
import { SIGNAL_WEIGHTS, type Signal } from "./suggest";

export const SIGNALS = Object.keys(SIGNAL_WEIGHTS) as Signal[];
/** Accepted suggestions (last 90 days) needed before a refit is attempted. */
export const MIN_REFIT_EXAMPLES = 100;
/** Precision of the Gaussian prior on β around t·prior, per example (so the prior's pull is constant in share). */
export const PRIOR_PRECISION = 0.05;
const HOLDOUT = 0.2;

export interface ChoiceExample {
  /** Per shown persona, its scaled signals in SIGNALS order (a missing signal is 0). */
  candidates: number[][];
  chosen: number;
}

/** Log-likelihood of the choices under β, and its gradient and Hessian. */
export function choiceLikelihood(examples: readonly ChoiceExample[], beta: readonly number[]) {
  const k = beta.length;
  let ll = 0;
  const grad = new Array<number>(k).fill(0);
  const hess = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const e of examples) {
    const u = e.candidates.map((x) => x.reduce((s, v, j) => s + v * beta[j], 0));
    const max = Math.max(...u);
    const w = u.map((v) => Math.exp(v - max));
    const z = w.reduce((a, b) => a + b, 0);
    const p = w.map((v) => v / z);
    ll += u[e.chosen] - max - Math.log(z);
    const mean = new Array<number>(k).fill(0);
    for (let c = 0; c < p.length; c++) for (let j = 0; j < k; j++) mean[j] += p[c] * e.candidates[c][j];
    for (let j = 0; j < k; j++) grad[j] += e.candidates[e.chosen][j] - mean[j];
    for (let c = 0; c < p.length; c++) {
      for (let a = 0; a < k; a++) {
        const da = e.candidates[c][a] - mean[a];
        for (let b = 0; b < k; b++) hess[a][b] -= p[c] * da * (e.candidates[c][b] - mean[b]);
      }
    }
  }
  return { ll, grad, hess };
}

/**
 * Maximises ll(β) − (κ/2)·‖β − centre‖² by Newton's method with step halving (concave, so it converges);
 * κ = 0 gives the plain maximum-likelihood fit.
 */
export function fitChoiceModel(examples: readonly ChoiceExample[], centre: readonly number[], kappa: number, iterations = 50): number[] {
  const objective = (beta: number[]) => choiceLikelihood(examples, beta).ll - (kappa / 2) * beta.reduce((s, b, j) => s + (b - centre[j]) ** 2, 0);
  let beta = [...centre];
  let current = objective(beta);
  for (let it = 0; it < iterations; it++) {
    const { grad, hess } = choiceLikelihood(examples, beta);
    const g = grad.map((v, j) => v - kappa * (beta[j] - centre[j]));
    const h = hess.map((row, a) => row.map((v, b) => v - (a === b ? kappa + 1e-9 : 0)));
    // h is negative definite (a concave objective): h·step = −g is (−h)·step = g with −h positive definite.
    const step = solveSpd(h.map((row) => row.map((v) => -v)), g);
    let size = 1;
    let next = beta.map((b, j) => b + step[j]);
    let value = objective(next);
    while (value < current && size > 1e-6) {
      size /= 2;
      next = beta.map((b, j) => b + size * step[j]);
      value = objective(next);
    }
    if (value < current) break;
    const moved = Math.max(...next.map((b, j) => Math.abs(b - beta[j])));
    beta = next;
    current = value;
    if (moved < 1e-9) break;
  }
  return beta;
}

/** The scale t ≥ 0 of the prior weights that best explains the choices (golden-section search on [0, 200]). */
export function priorScale(examples: readonly ChoiceExample[], prior: readonly number[]): number {
  const ll = (t: number) => choiceLikelihood(examples, prior.map((w) => t * w)).ll;
  let [lo, hi] = [0, 200];
  const r = (Math.sqrt(5) - 1) / 2;
  let a = hi - r * (hi - lo);
  let b = lo + r * (hi - lo);
  let fa = ll(a);
  let fb = ll(b);
  while (hi - lo > 1e-4) {
    if (fa > fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - r * (hi - lo);
      fa = ll(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + r * (hi - lo);
      fb = ll(b);
    }
  }
  return (lo + hi) / 2;
}

/** Share of examples whose accepted persona has the highest score under `weights` (ties count against). */
export function topOneAccuracy(examples: readonly ChoiceExample[], weights: readonly number[]): number | null {
  if (!examples.length) return null;
  let hits = 0;
  for (const e of examples) {
    const u = e.candidates.map((x) => x.reduce((s, v, j) => s + v * weights[j], 0));
    if (u.every((v, c) => c === e.chosen || v < u[e.chosen])) hits++;
  }
  return hits / examples.length;
}

export interface RefitResult {
  weights: Record<Signal, number>;
  prior: Record<Signal, number>;
  examples: number;
  adopted: boolean;
  evaluation: {
    holdout: number;
    priorAccuracy: number | null;
    refitAccuracy: number | null;
    /** Mean log-likelihood per training example at t·prior and at the fit. */
    priorLogLik: number;
    refitLogLik: number;
    scale: number;
    beta: number[];
  };
}

const asRecord = (v: readonly number[]) => Object.fromEntries(SIGNALS.map((s, j) => [s, Math.round(v[j] * 1e4) / 1e4])) as Record<Signal, number>;

/** Weights in use from β: the positive part, rescaled to the prior's sum (the prior when nothing is positive). */
export function weightsFromBeta(beta: readonly number[], prior: readonly number[]): number[] {
  const positive = beta.map((b) => Math.max(0, b));
  const sum = positive.reduce((a, b) => a + b, 0);
  const priorSum = prior.reduce((a, b) => a + b, 0);
  return sum > 0 ? positive.map((b) => (b / sum) * priorSum) : [...prior];
}

/** `examples` oldest first; null when there are fewer than `minExamples`. */
export function refitWeights(examples: readonly ChoiceExample[], priorWeights: Record<Signal, number> = SIGNAL_WEIGHTS, minExamples = MIN_REFIT_EXAMPLES): RefitResult | null {
  if (examples.length < minExamples) return null;
  const prior = SIGNALS.map((s) => priorWeights[s]);
  const fit = (train: readonly ChoiceExample[]) => {
    const scale = priorScale(train, prior);
    const centre = prior.map((w) => w * scale);
    const beta = fitChoiceModel(train, centre, PRIOR_PRECISION * train.length);
    return { scale, centre, beta };
  };
  const cut = Math.floor(examples.length * (1 - HOLDOUT));
  const [train, test] = [examples.slice(0, cut), examples.slice(cut)];
  const onTrain = fit(train);
  const priorAccuracy = topOneAccuracy(test, prior);
  const refitAccuracy = topOneAccuracy(test, weightsFromBeta(onTrain.beta, prior));
  const adopted = refitAccuracy !== null && priorAccuracy !== null && refitAccuracy >= priorAccuracy;
  // Adopted weights come from all the examples; the holdout only decided whether to adopt.
  const all = fit(examples);
  const n = examples.length;
  return {
    weights: asRecord(weightsFromBeta(all.beta, prior)),
    prior: asRecord(prior),
    examples: n,
    adopted,
    evaluation: {
      holdout: test.length,
      priorAccuracy,
      refitAccuracy,
      priorLogLik: choiceLikelihood(examples, all.centre).ll / n,
      refitLogLik: choiceLikelihood(examples, all.beta).ll / n,
      scale: all.scale,
      beta: all.beta.map((b) => Math.round(b * 1e4) / 1e4),
    },
  };
}
