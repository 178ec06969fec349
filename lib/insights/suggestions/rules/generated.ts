// Generated inputs for the rules' tests: samples drawn from known distributions, summarised the way the store does
// (count, mean, sample variance), so each test plants (or leaves out) exactly one effect.
import { createRandom, gaussian, rng } from "@/lib/primitives/random";
import type { SuggestionInputs } from "../types";

export function moments(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

/** n draws of N(mean, sd) clipped to [0, 1], like judge scores. */
export function scoresSample(seed: number, n: number, mean: number, sd: number): number[] {
  const g = gaussian(rng(seed));
  return Array.from({ length: n }, () => Math.min(1, Math.max(0, mean + sd * g())));
}

/** Successes out of n Bernoulli(p) draws. */
export function binomialSample(seed: number, n: number, p: number): number {
  const r = createRandom(seed);
  let x = 0;
  for (let i = 0; i < n; i++) if (r.chance(p)) x++;
  return x;
}

export function emptyInputs(over: Partial<SuggestionInputs> = {}): SuggestionInputs {
  return { projectId: "p", now: new Date("2026-12-01T00:00:00Z"), windowDays: 28, modelQuality: [], promptVersions: [], errorSentiment: [], cohortReturns: [], experiments: [], topics: [], personaFlags: [], ...over };
}
