// Training time of the recommendation model on generated tastes (issue 17 target: 100k users × 20k items × 5M
// interactions, 64 factors, under 5 min on 2 cores). Sizes from BENCH_RECS_USERS / _ITEMS / _PER_USER / _FACTORS.
// Baseline in the same run: building the interaction matrix once (one pass over the data), so the ratio says what
// the training costs in units of "reading the data".
import { generateTasteData } from "@/lib/personalization/synthetic";
import { indexInteractions, matrixOf } from "@/lib/personalization/dataset";
import { trainAls } from "@/lib/personalization/als";
import { DEFAULT_TRAINING_PARAMS, trainRecommender, type TrainingParams } from "@/lib/personalization/train";

const USERS = Number(process.env.BENCH_RECS_USERS ?? 20_000);
const ITEMS = Number(process.env.BENCH_RECS_ITEMS ?? 4_000);
const PER_USER = Number(process.env.BENCH_RECS_PER_USER ?? 25);
const FACTORS = Number(process.env.BENCH_RECS_FACTORS ?? 64);
/** e.g. `als` to train and evaluate ALS alone (default: both collaborative models, as the daily job does). */
const ALGORITHMS = process.env.BENCH_RECS_ALGORITHMS?.split(",") as TrainingParams["algorithms"] | undefined;

export default async function trainBench() {
  let t0 = performance.now();
  const { items, interactions } = generateTasteData({ users: USERS, items: ITEMS, topics: 20, interactionsPerUser: PER_USER, seed: 1, end: Date.UTC(2026, 10, 30), days: 90 });
  const generateMs = performance.now() - t0;
  t0 = performance.now();
  const data = indexInteractions(interactions);
  const matrix = matrixOf(data, DEFAULT_TRAINING_PARAMS.alpha);
  const baselineMs = performance.now() - t0;
  const params = { ...DEFAULT_TRAINING_PARAMS, factors: FACTORS, ...(ALGORITHMS ? { algorithms: ALGORITHMS } : {}) };
  t0 = performance.now();
  trainAls(matrix, { ...params, iterations: 1 });
  const iterationMs = performance.now() - t0;
  t0 = performance.now();
  // CPU time of every thread of the process (ALS's half-steps run on the compute pool's worker too): the wall time
  // on this shared machine depends on its load, this much less.
  const cpu = process.cpuUsage();
  const model = (await trainRecommender(interactions, params, items))!;
  const trainMs = performance.now() - t0;
  const trainCpu = process.cpuUsage(cpu);
  const r = (x: number) => Math.round(x);
  const round4 = (x: number) => Number(x.toFixed(4));
  const e = model.evaluation;
  return {
    users: model.manifest.users,
    items: model.manifest.items,
    interactions: interactions.length,
    factors: FACTORS,
    iterations: params.iterations,
    generateMs: r(generateMs),
    baselineMatrixMs: r(baselineMs),
    oneIterationMs: r(iterationMs),
    trainEvaluateRefitMs: r(trainMs),
    trainEvaluateRefitCpuMs: r((trainCpu.user + trainCpu.system) / 1000),
    algorithms: params.algorithms,
    phaseMs: model.manifest.phaseMs,
    trainToBaselineRatio: Number((trainMs / baselineMs).toFixed(1)),
    kept: model.manifest.algorithm,
    ndcgAt10: Number(model.evaluation.model.ndcgAt10.toFixed(4)),
    popularityNdcgAt10: Number(model.evaluation.popularity.ndcgAt10.toFixed(4)),
    ndcgRatio: model.evaluation.ndcgRatio === null ? null : Number(model.evaluation.ndcgRatio.toFixed(2)),
    // Every ranker on the same holdout: NDCG@10, its ratio to popularity's, recall@10, item coverage and intra-list
    // diversity (hybrid = λ 1, hybridMmr = the default λ).
    rankers: Object.fromEntries(
      (
        [
          ["popularity", e.popularity],
          ["als", e.candidates?.als],
          ["bpr", e.candidates?.bpr],
          ["content", e.content],
          ["hybrid", e.hybrid],
          ["hybridMmr", e.hybridMmr],
        ] as const
      )
        .filter(([, m]) => m)
        .map(([name, m]) => [
          name,
          {
            ndcgAt10: round4(m!.ndcgAt10),
            toPopularity: Number((m!.ndcgAt10 / e.popularity.ndcgAt10).toFixed(2)),
            recallAt10: round4(m!.recallAt10),
            itemCoverage: round4(m!.itemCoverage),
            diversity: m!.diversity === undefined ? null : round4(m!.diversity),
          },
        ]),
    ),
    mmrLambda: params.mmrLambda,
  };
}
