import { expect, test } from "vitest";
import { choiceLikelihood, fitChoiceModel, refitWeights, topOneAccuracy, type ChoiceExample } from "./refit";
import { SIGNAL_WEIGHTS } from "./suggest";

/** mulberry32, so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` choices among three personas with uniform random signals, drawn from the logit with coefficients `beta`. */
function simulate(n: number, beta: number[], seed: number): ChoiceExample[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const candidates = [0, 1, 2].map(() => beta.map(() => random()));
    const w = candidates.map((x) => Math.exp(x.reduce((s, v, j) => s + v * beta[j], 0)));
    let r = random() * w.reduce((a, b) => a + b, 0);
    let chosen = 0;
    while (r > w[chosen]) r -= w[chosen++];
    return { candidates, chosen: Math.min(chosen, 2) };
  });
}

test("maximum likelihood against the closed form: two options differing in one signal, chosen 30 : 10 → β = ln 3", () => {
  const examples: ChoiceExample[] = [
    ...Array.from({ length: 30 }, () => ({ candidates: [[1, 0, 0, 0], [0, 0, 0, 0]], chosen: 0 })),
    ...Array.from({ length: 10 }, () => ({ candidates: [[1, 0, 0, 0], [0, 0, 0, 0]], chosen: 1 })),
  ];
  const beta = fitChoiceModel(examples, [0, 0, 0, 0], 0);
  expect(beta[0]).toBeCloseTo(Math.log(3), 8);
  // The log-likelihood there: 30·ln(3/4) + 10·ln(1/4).
  expect(choiceLikelihood(examples, beta).ll).toBeCloseTo(30 * Math.log(0.75) + 10 * Math.log(0.25), 8);
});

test("the gradient matches finite differences", () => {
  const examples = simulate(50, [1, 2, 0.5, 0], 4);
  const beta = [0.3, -0.2, 0.7, 0.1];
  const { grad } = choiceLikelihood(examples, beta);
  for (let j = 0; j < 4; j++) {
    const up = [...beta];
    const down = [...beta];
    up[j] += 1e-6;
    down[j] -= 1e-6;
    expect(grad[j]).toBeCloseTo((choiceLikelihood(examples, up).ll - choiceLikelihood(examples, down).ll) / 2e-6, 4);
  }
});

test("users who follow the message fit, not history: the refit moves weight to fit and ranks better on the holdout", () => {
  const examples = simulate(600, [0, 8, 0, 0], 7);
  const r = refitWeights(examples)!;
  expect(r.adopted).toBe(true);
  expect(r.weights.fit).toBeGreaterThan(r.weights.history);
  expect(r.weights.fit).toBeGreaterThan(0.6);
  expect(r.evaluation.refitAccuracy!).toBeGreaterThan(r.evaluation.priorAccuracy!);
  expect(r.evaluation.refitLogLik).toBeGreaterThan(r.evaluation.priorLogLik);
  // Rescaled to the prior's sum (1.1), so scores stay comparable.
  expect(Object.values(r.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1.1, 3);
});

test("choices made by the prior itself leave the weights near the prior; too little feedback leaves them alone", () => {
  const prior = [SIGNAL_WEIGHTS.history, SIGNAL_WEIGHTS.fit, SIGNAL_WEIGHTS.timeOfDay, SIGNAL_WEIGHTS.engagement];
  const r = refitWeights(simulate(800, prior.map((w) => 6 * w), 11))!;
  for (const [k, w] of Object.entries(SIGNAL_WEIGHTS)) expect(Math.abs(r.weights[k as keyof typeof SIGNAL_WEIGHTS] - w)).toBeLessThan(0.12);
  expect(refitWeights(simulate(99, [0, 8, 0, 0], 1))).toBeNull();
});

test("top-1 accuracy counts ties against", () => {
  const e: ChoiceExample[] = [{ candidates: [[1, 0, 0, 0], [1, 0, 0, 0]], chosen: 0 }, { candidates: [[1, 0, 0, 0], [0, 0, 0, 0]], chosen: 0 }];
  expect(topOneAccuracy(e, [1, 0, 0, 0])).toBe(0.5);
});
