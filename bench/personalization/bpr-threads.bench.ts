// BPR by stratified SGD (lib/personalization/bpr-stratified.ts) on one thread against two (the calling thread and
// the compute pool's worker), alternating rounds on the same matrix so a change in the machine's load hits both, with
// wall and CPU time; then quality on the time-based holdout: the sequential BPR (./bpr.ts) and the stratified one at
// several seeds each, alternating (mean, min and max of NDCG@10: the seed-to-seed spread is the noise), against
// popularity. Sizes from BENCH_RECS_USERS / _ITEMS / _PER_USER / _FACTORS (default 20k × 4k × 25, 64 factors);
// BENCH_BPR_EPOCHS per timing (default 3), BENCH_BPR_ROUNDS (default 2, 0 skips the timing); BENCH_BPR_QUALITY=0 skips
// the quality part, BENCH_BPR_SEEDS its seeds (default 17,18,19,20); BENCH_BPR_FINAL_LR sets the last epoch's learning
// rate for both trainers (default the training default, 0.005; 0.05 = no decay).
import { loadavg } from "node:os";
import { defaultPoolSize } from "@/lib/compute/compute-pool";
import { trainBpr } from "@/lib/personalization/bpr";
import { DEFAULT_BPR_BLOCKS, trainBprStratified } from "@/lib/personalization/bpr-stratified";
import { indexInteractions, itemPopularity, matrixOf, timeHoldout } from "@/lib/personalization/dataset";
import { EVAL_K, evaluateRankings, popularityRecommender } from "@/lib/personalization/evaluate";
import { BENCH_SIZES, generateBenchTastes } from "./bench-tastes";
import { DEFAULT_TRAINING_PARAMS, evaluateFactorModel } from "@/lib/personalization/train";

const FACTORS = BENCH_SIZES.factors;
const EPOCHS = Number(process.env.BENCH_BPR_EPOCHS ?? 3);
const ROUNDS = Number(process.env.BENCH_BPR_ROUNDS ?? 2);
const QUALITY = process.env.BENCH_BPR_QUALITY !== "0";
const SEEDS = (process.env.BENCH_BPR_SEEDS ?? "17,18,19,20").split(",").map(Number);
const FINAL_LR = process.env.BENCH_BPR_FINAL_LR ? Number(process.env.BENCH_BPR_FINAL_LR) : undefined;

const r = (x: number) => Math.round(x);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Wall and CPU time (every thread of the process) of one call. */
async function timed<T>(fn: () => Promise<T> | T) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - t0, cpuMs: (used.user + used.system) / 1000 };
}

export default async function bprThreadsBench() {
  const { interactions } = generateBenchTastes();
  const data = indexInteractions(interactions);
  const holdout = timeHoldout(data, DEFAULT_TRAINING_PARAMS.holdoutFraction);
  const matrix = matrixOf(data, DEFAULT_TRAINING_PARAMS.alpha, holdout.train);
  const base = { factors: FACTORS, learningRate: DEFAULT_TRAINING_PARAMS.bprLearningRate, regularization: DEFAULT_TRAINING_PARAMS.bprRegularization, seed: 17, blocks: DEFAULT_BPR_BLOCKS };
  const bpr = { factors: FACTORS, learningRate: base.learningRate, finalLearningRate: FINAL_LR ?? DEFAULT_TRAINING_PARAMS.bprFinalLearningRate, regularization: base.regularization, epochs: DEFAULT_TRAINING_PARAMS.bprEpochs };
  const load = [loadavg()[0]];
  // Starts the pool's worker (tsx loads its modules once) outside the timings.
  await trainBprStratified(matrix, { ...base, factors: 4, epochs: 1 }, { minPositives: 0 });

  const one = { wallMs: [] as number[], cpuMs: [] as number[] };
  const two = { wallMs: [] as number[], cpuMs: [] as number[] };
  let identical = true;
  for (let round = 0; round < ROUNDS; round++) {
    const a = await timed(() => trainBprStratified(matrix, { ...base, epochs: EPOCHS }, { workers: 0 }));
    const b = await timed(() => trainBprStratified(matrix, { ...base, epochs: EPOCHS }, { minPositives: 0 }));
    for (const [into, t] of [[one, a], [two, b]] as const) {
      into.wallMs.push(t.wallMs);
      into.cpuMs.push(t.cpuMs);
    }
    identical &&= a.value.userFactors.every((v, k) => v === b.value.userFactors[k]) && a.value.itemFactors.every((v, k) => v === b.value.itemFactors[k]);
    load.push(loadavg()[0]);
  }
  const timing = !ROUNDS
    ? undefined
    : {
        epochsPerTiming: EPOCHS,
        threads: defaultPoolSize() + 1,
        oneThread: { wallMs: one.wallMs.map(r), cpuMs: one.cpuMs.map(r), coresUsed: Number((sum(one.cpuMs) / sum(one.wallMs)).toFixed(2)) },
        twoThreads: { wallMs: two.wallMs.map(r), cpuMs: two.cpuMs.map(r), coresUsed: Number((sum(two.cpuMs) / sum(two.wallMs)).toFixed(2)) },
        wallSpeedUp: Number((sum(one.wallMs) / sum(two.wallMs)).toFixed(2)),
        cpuRatio: Number((sum(two.cpuMs) / sum(one.cpuMs)).toFixed(2)),
        identical,
      };

  let quality: Record<string, unknown> | undefined;
  if (QUALITY) {
    const popularity = evaluateRankings(holdout, data.itemIds.length, popularityRecommender(itemPopularity(data, holdout.train), holdout), EVAL_K);
    const score = (m: Parameters<typeof evaluateFactorModel>[2]) => {
      const e = evaluateFactorModel(holdout, data.itemIds.length, m);
      return { ndcgAt10: Number(e.ndcgAt10.toFixed(5)), recallAt10: Number(e.recallAt10.toFixed(5)), itemCoverage: Number(e.itemCoverage.toFixed(4)) };
    };
    // Every trainer at every seed, alternating, so the load hits them alike; the seed-to-seed spread is the noise.
    const trainers = {
      sequential: (seed: number) => trainBpr(matrix, { ...bpr, seed }),
      stratified: (seed: number) => trainBprStratified(matrix, { ...bpr, blocks: base.blocks, seed }),
    };
    const runs: Record<string, { seed: number; ndcgAt10: number; recallAt10: number; itemCoverage: number; wallMs: number; cpuMs: number }[]> = {};
    for (const seed of SEEDS) {
      for (const [name, train] of Object.entries(trainers)) {
        const t = await timed(() => train(seed));
        (runs[name] ??= []).push({ seed, ...score(t.value), wallMs: r(t.wallMs), cpuMs: r(t.cpuMs) });
        load.push(loadavg()[0]);
      }
    }
    const summary = (xs: number[]) => ({ mean: Number((sum(xs) / xs.length).toFixed(5)), min: Math.min(...xs), max: Math.max(...xs) });
    quality = {
      epochs: bpr.epochs,
      learningRate: [bpr.learningRate, bpr.finalLearningRate],
      seeds: SEEDS,
      evaluatedUsers: holdout.relevant.size,
      popularityNdcgAt10: Number(popularity.ndcgAt10.toFixed(4)),
      ndcgAt10: Object.fromEntries(Object.entries(runs).map(([name, xs]) => [name, summary(xs.map((x) => x.ndcgAt10))])),
      runs,
    };
  }
  return {
    users: matrix.rows,
    items: matrix.cols,
    interactions: interactions.length,
    positiveCells: matrix.confidence.filter((c) => c > 0).length,
    factors: FACTORS,
    blocks: DEFAULT_BPR_BLOCKS,
    timing,
    quality,
    loadAverage1m: load.map((x) => Number(x.toFixed(2))),
  };
}
