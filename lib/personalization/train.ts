// One training run, pure: index the interactions, hold out each user's last ones, train ALS and BPR on the rest and
// score both against the popularity baseline on the same holdout; the better by NDCG@10 is refitted on everything for
// serving. The result carries a manifest (naming the algorithm) with the artifact's sha256, so a stored version can
// be checked and told apart.
import { createHash } from "node:crypto";
import { DEFAULT_ALS_PARAMS, scoreAll, topK, trainAls, type AlsParams } from "./als";
import { DEFAULT_BPR_PARAMS, trainBpr } from "./bpr";
import { indexInteractions, itemPopularity, matrixOf, timeHoldout, type InteractionRecord } from "./dataset";
import { EVAL_K, evaluateRankings, popularityRecommender, type RankingMetrics } from "./evaluate";

export interface TrainingParams extends AlsParams {
  /** Confidence per unit of weight: c = 1 + alpha·w. */
  alpha: number;
  minItemPositives: number;
  holdoutFraction: number;
  /** At most this many held-out users are scored (an even spread), since scoring costs users × items × factors. */
  maxEvaluationUsers: number;
  /** Iterations of the refit on all interactions, warm-started from the evaluated model. */
  refitIterations: number;
  /** The collaborative algorithms trained and compared on the holdout (the best by NDCG@10 is kept). */
  algorithms: CollaborativeAlgorithm[];
  bprLearningRate: number;
  bprRegularization: number;
  bprEpochs: number;
}

export const COLLABORATIVE_ALGORITHMS = ["als", "bpr"] as const;
export type CollaborativeAlgorithm = (typeof COLLABORATIVE_ALGORITHMS)[number];

export const DEFAULT_TRAINING_PARAMS: TrainingParams = {
  ...DEFAULT_ALS_PARAMS,
  alpha: 3,
  minItemPositives: 2,
  holdoutFraction: 0.2,
  maxEvaluationUsers: 5000,
  refitIterations: 5,
  algorithms: ["als", "bpr"],
  bprLearningRate: DEFAULT_BPR_PARAMS.learningRate,
  bprRegularization: DEFAULT_BPR_PARAMS.regularization,
  bprEpochs: DEFAULT_BPR_PARAMS.epochs,
};

export interface ModelEvaluation {
  k: number;
  holdoutFraction: number;
  /** The kept algorithm's metrics (the best of `candidates` by NDCG@10). */
  model: RankingMetrics;
  popularity: RankingMetrics;
  /** Every algorithm trained on the same holdout (absent in versions trained before BPR existed). */
  candidates?: Partial<Record<CollaborativeAlgorithm, RankingMetrics>>;
  /** Model NDCG@10 over the baseline's (null when the baseline scores 0). */
  ndcgRatio: number | null;
  /** Promotion rule: strictly better NDCG@10 than popularity on at least one evaluated user. */
  beatsBaseline: boolean;
}

export interface ModelManifest {
  algorithm: CollaborativeAlgorithm;
  users: number;
  items: number;
  interactions: number;
  dimension: number;
  sha256: string;
  params: TrainingParams;
  trainingMs: number;
}

export interface TrainedModel {
  manifest: ModelManifest;
  evaluation: ModelEvaluation;
  userIds: string[];
  itemIds: string[];
  /** users × dimension and items × dimension, row-major. */
  userFactors: Float32Array;
  itemFactors: Float32Array;
  /** Positive interactions per item (same order as itemIds): the cold-start list. */
  itemPopularity: number[];
}

export function factorBytes(f: Float32Array): Uint8Array {
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

/** sha256 over the ids and factor bytes, in a fixed order. */
export function artifactChecksum(m: Pick<TrainedModel, "userIds" | "itemIds" | "userFactors" | "itemFactors">): string {
  return createHash("sha256")
    .update(JSON.stringify(m.userIds))
    .update(factorBytes(m.userFactors))
    .update(JSON.stringify(m.itemIds))
    .update(factorBytes(m.itemFactors))
    .digest("hex");
}

interface Factors {
  dimension: number;
  userFactors: Float64Array;
  itemFactors: Float64Array;
}

function bprParams(params: TrainingParams) {
  return { factors: params.factors, learningRate: params.bprLearningRate, regularization: params.bprRegularization, epochs: params.bprEpochs, seed: params.seed };
}

/** Trains and evaluates; null when there is nothing to learn from (no user with a positive interaction). */
export function trainRecommender(records: readonly InteractionRecord[], params: TrainingParams = DEFAULT_TRAINING_PARAMS): TrainedModel | null {
  const started = performance.now();
  const data = indexInteractions(records, { minItemPositives: params.minItemPositives });
  if (!data.userIds.length) return null;
  const f = params.factors;
  const holdout = timeHoldout(data, params.holdoutFraction);
  if (holdout.relevant.size > params.maxEvaluationUsers) {
    const stride = holdout.relevant.size / params.maxEvaluationUsers;
    const all = [...holdout.relevant];
    holdout.relevant = new Map(Array.from({ length: params.maxEvaluationUsers }, (_, k) => all[Math.floor(k * stride)]));
  }
  const trainMatrix = matrixOf(data, params.alpha, holdout.train);
  const scores = new Float64Array(data.itemIds.length);
  const evaluateFactors = (m: Factors) =>
    evaluateRankings(holdout, data.itemIds.length, (u) => {
      const seen = holdout.seen.get(u);
      if (!seen?.size) return null;
      scoreAll(m.userFactors.subarray(u * m.dimension, (u + 1) * m.dimension), m.itemFactors, m.dimension, scores);
      return topK(scores, EVAL_K, (i) => seen.has(i));
    });
  const algorithms = params.algorithms.length ? [...new Set(params.algorithms)] : (["als"] as CollaborativeAlgorithm[]);
  const trials = new Map<CollaborativeAlgorithm, Factors>();
  const candidates: Partial<Record<CollaborativeAlgorithm, RankingMetrics>> = {};
  for (const algorithm of algorithms) {
    const trial: Factors = algorithm === "als" ? { dimension: f, ...trainAls(trainMatrix, params) } : trainBpr(trainMatrix, bprParams(params));
    trials.set(algorithm, trial);
    candidates[algorithm] = evaluateFactors(trial);
  }
  // The best by NDCG@10; ties go to the first listed.
  const best = algorithms.reduce((a, b) => (candidates[b]!.ndcgAt10 > candidates[a]!.ndcgAt10 ? b : a));
  const model = candidates[best]!;
  const popularity = evaluateRankings(holdout, data.itemIds.length, popularityRecommender(itemPopularity(data, holdout.train), holdout));
  const evaluation: ModelEvaluation = {
    k: EVAL_K,
    holdoutFraction: params.holdoutFraction,
    model,
    popularity,
    candidates,
    ndcgRatio: popularity.ndcgAt10 > 0 ? model.ndcgAt10 / popularity.ndcgAt10 : null,
    beatsBaseline: model.users > 0 && model.ndcgAt10 > popularity.ndcgAt10,
  };
  // The served model learns from everything, the held-out latest interactions included: for ALS a few more
  // iterations from the evaluated model (same users and items) instead of a second training from scratch; BPR is
  // cheap enough to train again.
  const fullMatrix = matrixOf(data, params.alpha);
  const full: Factors =
    best === "als"
      ? { dimension: f, ...trainAls(fullMatrix, { ...params, iterations: params.refitIterations }, { warmStart: trials.get("als")! }) }
      : trainBpr(fullMatrix, bprParams(params));
  const artifact = {
    userIds: data.userIds,
    itemIds: data.itemIds,
    userFactors: Float32Array.from(full.userFactors),
    itemFactors: Float32Array.from(full.itemFactors),
  };
  return {
    ...artifact,
    itemPopularity: [...itemPopularity(data)],
    evaluation,
    manifest: {
      algorithm: best,
      users: data.userIds.length,
      items: data.itemIds.length,
      interactions: data.user.length,
      dimension: full.dimension,
      sha256: artifactChecksum(artifact),
      params,
      trainingMs: Math.round(performance.now() - started),
    },
  };
}
