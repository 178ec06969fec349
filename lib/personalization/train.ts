// One training run, pure: index the interactions, hold out each user's last ones, train ALS and BPR (stratified SGD, ./bpr-stratified.ts) on the rest and
// score both against the popularity baseline on the same holdout; the better by NDCG@10 is refitted on everything for
// serving. The result carries a manifest (naming the algorithm) with the artifact's sha256, so a stored version can
// be checked and told apart.
import { createHash } from "node:crypto";
import { DEFAULT_ALS_PARAMS, scoreAll, topK, type AlsParams } from "./als";
import { trainAlsParallel } from "./als-parallel";
import { DEFAULT_BPR_PARAMS, trainBpr } from "./bpr";
import { DEFAULT_BPR_BLOCKS, PARALLEL_MIN_POSITIVES, trainBprStratified } from "./bpr-stratified";
import { CONTENT_EMBEDDER, embedCatalog, userContentVector, type CatalogItem, type ContentVectors } from "./content";
import { blendScores, collaborativeWeight, DEFAULT_HYBRID_PARAMS, mmr, type HybridParams } from "./hybrid";
import { indexInteractions, itemPopularity, matrixOf, timeHoldout, type Holdout, type InteractionRecord } from "./dataset";
import type { InteractionMatrix } from "./matrix";
import { EVAL_K, evaluateRankings, popularityRecommender, type RankingMetrics } from "./evaluate";

export interface TrainingParams extends AlsParams, HybridParams {
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
  /** BPR's learning rate in the last epoch (linear decay from `bprLearningRate`). */
  bprFinalLearningRate: number;
  bprRegularization: number;
  bprEpochs: number;
  /**
   * How BPR is trained: `sequential` (one SGD stream on one thread, ./bpr.ts), `stratified` (DSGD on the worker
   * threads, the same model on any number of threads, ./bpr-stratified.ts), or `auto` (the default): stratified from
   * PARALLEL_MIN_POSITIVES liked cells, where the threads help, sequential below. With the decaying learning rate the
   * two score alike on the 20k-user benchmark (bench/personalization/README.md).
   */
  bprTrainer: BprTrainer;
  /** Stratified BPR's user and item blocks (P; the model depends on it, not on the number of threads). */
  bprBlocks: number;
}

export const BPR_TRAINERS = ["auto", "sequential", "stratified"] as const;
export type BprTrainer = (typeof BPR_TRAINERS)[number];

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
  bprFinalLearningRate: DEFAULT_BPR_PARAMS.finalLearningRate ?? DEFAULT_BPR_PARAMS.learningRate,
  bprRegularization: DEFAULT_BPR_PARAMS.regularization,
  bprEpochs: DEFAULT_BPR_PARAMS.epochs,
  bprTrainer: "auto",
  bprBlocks: DEFAULT_BPR_BLOCKS,
  ...DEFAULT_HYBRID_PARAMS,
};

export interface ModelEvaluation {
  k: number;
  holdoutFraction: number;
  /** The kept algorithm's metrics (the best of `candidates` by NDCG@10). */
  model: RankingMetrics;
  popularity: RankingMetrics;
  /** Every algorithm trained on the same holdout (absent in versions trained before BPR existed). */
  candidates?: Partial<Record<CollaborativeAlgorithm, RankingMetrics>>;
  /**
   * When the catalog has content: the content model alone, the hybrid blend ranked by relevance (λ = 1), and the
   * hybrid re-ranked with MMR at the version's λ, so the diversity/accuracy trade-off is measured.
   */
  content?: RankingMetrics;
  hybrid?: RankingMetrics;
  hybridMmr?: RankingMetrics & { lambda: number };
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
  /** The content embedder's version and dimension, and how many catalog items it embedded (absent: no catalog). */
  content?: { embedder: string; dimension: number; items: number };
  trainingMs: number;
  /** Where the time went: indexing + holdout + content embedding, each algorithm's trial training and evaluation, the content/hybrid evaluation, the refit. */
  phaseMs?: Record<string, number>;
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
  /** Content vectors of every catalog item (cold-start items included), when a catalog was given. */
  content: ContentVectors | null;
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

export interface Factors {
  dimension: number;
  userFactors: Float64Array;
  itemFactors: Float64Array;
}

/** A factor model's ranking metrics on the holdout: each evaluated user's top 10 by x_u·y_i among items not seen in training. */
export function evaluateFactorModel(holdout: Holdout, items: number, m: Factors, similarity?: (a: number, b: number) => number): RankingMetrics {
  const scores = new Float64Array(items);
  return evaluateRankings(
    holdout,
    items,
    (u) => {
      const seen = holdout.seen.get(u);
      if (!seen?.size) return null;
      scoreAll(m.userFactors.subarray(u * m.dimension, (u + 1) * m.dimension), m.itemFactors, m.dimension, scores);
      return topK(scores, EVAL_K, (i) => seen.has(i));
    },
    EVAL_K,
    similarity,
  );
}

/** The trainer `auto` stands for on this training matrix (decided once per run, so the refit uses the same one). */
export function resolveBprTrainer(trainer: BprTrainer, m: InteractionMatrix): Exclude<BprTrainer, "auto"> {
  if (trainer !== "auto") return trainer;
  let liked = 0;
  for (let k = 0; k < m.confidence.length; k++) if (m.confidence[k] > 0) liked++;
  return liked >= PARALLEL_MIN_POSITIVES ? "stratified" : "sequential";
}

function trainBprWith(m: InteractionMatrix, params: TrainingParams): Promise<Factors> | Factors {
  const bpr = { factors: params.factors, learningRate: params.bprLearningRate, finalLearningRate: params.bprFinalLearningRate, regularization: params.bprRegularization, epochs: params.bprEpochs, seed: params.seed };
  return params.bprTrainer === "stratified" ? trainBprStratified(m, { ...bpr, blocks: params.bprBlocks }) : trainBpr(m, bpr);
}

/** Trains and evaluates; null when there is nothing to learn from (no user with a positive interaction). */
export async function trainRecommender(records: readonly InteractionRecord[], params: TrainingParams = DEFAULT_TRAINING_PARAMS, catalog: readonly CatalogItem[] = []): Promise<TrainedModel | null> {
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
  const bprParams = { ...params, bprTrainer: resolveBprTrainer(params.bprTrainer, trainMatrix) };
  const evaluateFactors = (m: Factors, similarity?: (a: number, b: number) => number) => evaluateFactorModel(holdout, data.itemIds.length, m, similarity);
  const content = catalog.length ? embedCatalog(catalog) : null;
  const aligned = content ? alignContent(data, content) : null;
  const algorithms = params.algorithms.length ? [...new Set(params.algorithms)] : (["als"] as CollaborativeAlgorithm[]);
  const trials = new Map<CollaborativeAlgorithm, Factors>();
  const candidates: Partial<Record<CollaborativeAlgorithm, RankingMetrics>> = {};
  const phaseMs: Record<string, number> = {};
  let mark = started;
  const lap = (name: string) => {
    const t = performance.now();
    phaseMs[name] = Math.round(t - mark);
    mark = t;
  };
  lap("index");
  for (const algorithm of algorithms) {
    const trial: Factors = algorithm === "als" ? { dimension: f, ...(await trainAlsParallel(trainMatrix, params)) } : await trainBprWith(trainMatrix, bprParams);
    trials.set(algorithm, trial);
    lap(`${algorithm}Train`);
    candidates[algorithm] = evaluateFactors(trial, aligned?.similarity);
    lap(`${algorithm}Evaluate`);
  }
  // The best by NDCG@10; ties go to the first listed.
  const best = algorithms.reduce((a, b) => (candidates[b]!.ndcgAt10 > candidates[a]!.ndcgAt10 ? b : a));
  const blended = content && aligned ? evaluateHybrid(data, holdout, trials.get(best)!, aligned, params) : null;
  lap("contentHybridEvaluate");
  const model = candidates[best]!;
  const popularity = evaluateRankings(holdout, data.itemIds.length, popularityRecommender(itemPopularity(data, holdout.train), holdout), EVAL_K, aligned?.similarity);
  const evaluation: ModelEvaluation = {
    k: EVAL_K,
    holdoutFraction: params.holdoutFraction,
    model,
    popularity,
    candidates,
    ...(blended ? { content: blended.content, hybrid: blended.hybrid, hybridMmr: blended.hybridMmr } : {}),
    ndcgRatio: popularity.ndcgAt10 > 0 ? model.ndcgAt10 / popularity.ndcgAt10 : null,
    beatsBaseline: model.users > 0 && model.ndcgAt10 > popularity.ndcgAt10,
  };
  // The served model learns from everything, the held-out latest interactions included: for ALS a few more
  // iterations from the evaluated model (same users and items) instead of a second training from scratch; BPR is
  // cheap enough to train again.
  const fullMatrix = matrixOf(data, params.alpha);
  const full: Factors =
    best === "als"
      ? { dimension: f, ...(await trainAlsParallel(fullMatrix, { ...params, iterations: params.refitIterations }, { warmStart: trials.get("als")! })) }
      : await trainBprWith(fullMatrix, bprParams);
  lap("refit");
  const artifact = {
    userIds: data.userIds,
    itemIds: data.itemIds,
    userFactors: Float32Array.from(full.userFactors),
    itemFactors: Float32Array.from(full.itemFactors),
  };
  return {
    ...artifact,
    itemPopularity: [...itemPopularity(data)],
    content,
    evaluation,
    manifest: {
      algorithm: best,
      users: data.userIds.length,
      items: data.itemIds.length,
      interactions: data.user.length,
      dimension: full.dimension,
      sha256: artifactChecksum(artifact),
      // With `auto` resolved, so the manifest names the trainer that ran.
      params: bprParams,
      ...(content ? { content: { embedder: CONTENT_EMBEDDER.version, dimension: content.dimension, items: content.itemIds.length } } : {}),
      trainingMs: Math.round(performance.now() - started),
      phaseMs,
    },
  };
}

/**
 * The content model, the hybrid blend and the hybrid with MMR on the holdout. Content vectors are laid out in the
 * indexed items' order (zero for an item missing from the catalog); a user's content vector comes from their
 * interactions in the training part only.
 */
function alignContent(data: ReturnType<typeof indexInteractions>, content: ContentVectors) {
  const d = content.dimension;
  const items = data.itemIds.length;
  const rowOf = new Map(content.itemIds.map((id, k) => [id, k]));
  const vectors = new Float32Array(items * d);
  data.itemIds.forEach((id, i) => {
    const row = rowOf.get(id);
    if (row !== undefined) vectors.set(content.vectors.subarray(row * d, (row + 1) * d), i * d);
  });
  const similarity = (a: number, b: number) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += vectors[a * d + k] * vectors[b * d + k];
    return s;
  };
  return { dimension: d, vectors, similarity };
}

function evaluateHybrid(
  data: ReturnType<typeof indexInteractions>,
  holdout: ReturnType<typeof timeHoldout>,
  cf: Factors,
  local: ReturnType<typeof alignContent>,
  params: TrainingParams,
) {
  const { dimension: d, vectors, similarity } = local;
  const items = data.itemIds.length;
  // Net training-part weight per (evaluated user, item).
  const history = new Map<number, Map<number, number>>();
  for (const u of holdout.relevant.keys()) history.set(u, new Map());
  for (let k = 0; k < data.user.length; k++) {
    if (!holdout.train[k]) continue;
    const h = history.get(data.user[k]);
    if (h) h.set(data.item[k], (h.get(data.item[k]) ?? 0) + data.weight[k]);
  }
  // Scored once per user (the three rankers share the scores), over the vectors' non-zero entries only (labels hash
  // to a few of their 184 slots, short titles to part of their 64), in compressed rows.
  const ptr = new Int32Array(items + 1);
  const nzIndex: number[] = [];
  const nzValue: number[] = [];
  for (let i = 0; i < items; i++) {
    for (let k = 0; k < d; k++) {
      const v = vectors[i * d + k];
      if (v !== 0) {
        nzIndex.push(k);
        nzValue.push(v);
      }
    }
    ptr[i + 1] = nzIndex.length;
  }
  const nzI = Int32Array.from(nzIndex);
  const nzV = Float64Array.from(nzValue);
  const contentScores = new Float64Array(items);
  const cfScores = new Float64Array(items);
  const lists = { content: new Map<number, number[]>(), hybrid: new Map<number, number[]>(), hybridMmr: new Map<number, number[]>() };
  for (const u of holdout.relevant.keys()) {
    const seen = holdout.seen.get(u);
    if (!seen?.size) continue;
    const h = history.get(u)!;
    const taste = userContentVector(local, h);
    if (taste) {
      for (let i = 0; i < items; i++) {
        let s = 0;
        for (let k = ptr[i]; k < ptr[i + 1]; k++) s += taste[nzI[k]] * nzV[k];
        contentScores[i] = s;
      }
    }
    scoreAll(cf.userFactors.subarray(u * cf.dimension, (u + 1) * cf.dimension), cf.itemFactors, cf.dimension, cfScores);
    let liked = 0;
    for (const w of h.values()) if (w > 0) liked++;
    const skip = (i: number) => seen.has(i);
    if (taste) lists.content.set(u, topK(contentScores, EVAL_K, skip));
    // One blend serves both lists: relevance alone (λ = 1) and MMR at the version's λ over the candidate pool.
    const { blended } = blendScores({ cf: cfScores, content: taste ? contentScores : null, items, alpha: collaborativeWeight(liked, true, params), skip });
    const pool = topK(blended, Math.max(EVAL_K, Math.ceil(EVAL_K * params.candidatePool)), skip);
    lists.hybrid.set(u, pool.slice(0, EVAL_K));
    lists.hybridMmr.set(u, params.mmrLambda < 1 ? mmr(pool, (i) => blended[i], similarity, params.mmrLambda, EVAL_K) : pool.slice(0, EVAL_K));
  }
  const served = (m: Map<number, number[]>) => (u: number) => m.get(u) ?? null;
  return {
    content: evaluateRankings(holdout, items, served(lists.content), EVAL_K, similarity),
    hybrid: evaluateRankings(holdout, items, served(lists.hybrid), EVAL_K, similarity),
    hybridMmr: { ...evaluateRankings(holdout, items, served(lists.hybridMmr), EVAL_K, similarity), lambda: params.mmrLambda },
  };
}
