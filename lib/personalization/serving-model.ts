// The ranking of one recommendations call, without I/O: a served model version indexed once (the union of its
// collaborative and content items, each item's row in both models, the content vectors as sparse rows for scoring and
// for MMR's similarities), and a user's list from it. recommend.ts reads the version, the user and the settings; this
// file only computes, so that the ranking can be checked against the dense reference (serving-model.test.ts).
import { interactionWeight } from "./feedback";
import { collaborativeWeight, DEFAULT_HYBRID_PARAMS, rankHybrid, selectCapped, takeAdmitted } from "./hybrid";
import { controlsFor, type ItemMeta, type RankingControls } from "./ranking-controls";
import type { RankingParameters } from "./ranking-experiment";
import { rowSimilarity, sparseDot, sparseRows, sparseUserVector, type SparseRows } from "./sparse-rows";
import type { ServingModel } from "./store/models";
import type { ServingUser } from "./store/serving-user";

/** collaborative / content / recency: the signal (the recency boost) carried at least a quarter of the item's score;
 * diversity: MMR placed it ahead of a higher-scoring item; popular: the user is unknown to every
 * model (cold start). */
export type RecommendationReason = "collaborative" | "content" | "recency" | "diversity" | "popular";

type AppliedControls = RankingControls & { category?: string[] };

export interface RankedList {
  /** In served order; with MMR a later item may have a higher relevance score than an earlier one. */
  items: { itemId: string; score: number; reasons: RecommendationReason[] }[];
  modelVersion: number;
  /** The collaborative weight α used for this user and the MMR λ (absent for the popularity fallback), and where
   * they came from: the experiment variant's parameters or the defaults (request, model version, project). */
  ranking?: { collaborativeWeight: number; mmrLambda: number; source: "experiment" | "default" } & AppliedControls;
}

/** A served version with the union of its collaborative and content items, indexed once per version. */
export interface PreparedModel extends ServingModel {
  allIds: string[];
  /** Each id of allIds → its index there. */
  allIndexOf: Map<string, number>;
  /** Per entry of allIds: its row in itemFactors and in content vectors, or −1. */
  cfRow: Int32Array;
  contentRow: Int32Array;
  /** The item factors widened to float64 once, row i for allIds[i] (zeros where cfRow is −1). */
  cfFactors: Float64Array;
  /** The content vectors' nonzero entries, row i for allIds[i] (empty where contentRow is −1); null without a
   * content model. */
  contentRows: SparseRows | null;
}

export function prepareServingModel(model: ServingModel): PreparedModel {
  const allIds = [...new Set([...model.itemIds, ...(model.content?.itemIds ?? [])])];
  const cfRowOf = new Map(model.itemIds.map((id, k) => [id, k]));
  const contentRowOf = new Map((model.content?.itemIds ?? []).map((id, k) => [id, k]));
  const cfRow = Int32Array.from(allIds, (id) => cfRowOf.get(id) ?? -1);
  const contentRow = Int32Array.from(allIds, (id) => contentRowOf.get(id) ?? -1);
  const f = model.dimension;
  const cfFactors = new Float64Array(allIds.length * f);
  for (let i = 0; i < allIds.length; i++) if (cfRow[i] >= 0) for (let a = 0; a < f; a++) cfFactors[i * f + a] = model.itemFactors[cfRow[i] * f + a];
  let contentRows: SparseRows | null = null;
  if (model.content) {
    const { dimension, vectors } = model.content;
    const aligned = new Float32Array(allIds.length * dimension);
    for (let i = 0; i < allIds.length; i++) if (contentRow[i] >= 0) aligned.set(vectors.subarray(contentRow[i] * dimension, (contentRow[i] + 1) * dimension), i * dimension);
    contentRows = sparseRows(aligned, dimension);
  }
  return { ...model, allIds, allIndexOf: new Map(allIds.map((id, i) => [id, i])), cfRow, contentRow, cfFactors, contentRows };
}

/** What a call asks for, with the sources already resolved (request, experiment variant, project settings). */
export interface RankRequest {
  limit: number;
  exclude: readonly string[];
  /** The request's MMR λ (the variant's wins, then the request's, then the version's). */
  mmrLambda?: number;
  /** The experiment variant's ranking parameters ({} outside one). */
  variant: RankingParameters;
  controls: RankingControls;
  categories: readonly string[];
  /** The catalog's metadata, when a control or the category filter needs it. */
  meta: ReadonlyMap<string, ItemMeta> | null;
  now: Date;
}

export function rankForUser(model: PreparedModel, { factors: user, history }: ServingUser, req: RankRequest): RankedList {
  const { variant, controls: chosen, categories, meta } = req;
  const fromExperiment = Object.keys(variant).length > 0;
  const applied: AppliedControls = { ...chosen, ...(categories.length ? { category: [...categories] } : {}) };
  const net = new Map<string, number>();
  for (const h of history) net.set(h.itemId, (net.get(h.itemId) ?? 0) + interactionWeight(h.type, h.value));
  const content = model.content;
  const rows = model.contentRows;
  const taste = rows ? sparseUserVector(rows, [...net].map(([id, w]) => [contentIndex(model, id), w] as [number, number])) : null;
  if (!user && !taste) return popular(model, net, req, applied, fromExperiment);
  const n = model.allIds.length;
  // Excluded items (history and the request's) and those outside the category filter, looked up once per item; they
  // get no score (NaN, as calibration and the ranking pass over them anyway).
  const skipped = new Uint8Array(n);
  for (const id of net.keys()) markSkipped(model, skipped, id);
  for (const id of req.exclude) markSkipped(model, skipped, id);
  const { controls, outOfCategory } = meta ? controlsFor(model.allIds, meta, chosen, categories, req.now.getTime()) : { controls: {}, outOfCategory: null };
  if (outOfCategory) for (let i = 0; i < n; i++) if (outOfCategory(i)) skipped[i] = 1;
  let cf: Float64Array | null = null;
  if (user) {
    const u = Float64Array.from(user);
    cf = new Float64Array(n);
    for (let i = 0; i < n; i++) cf[i] = model.cfRow[i] >= 0 && !skipped[i] ? dotAt(u, model.cfFactors, i * model.dimension) : NaN;
  }
  let contentScores: Float64Array | null = null;
  if (rows && taste) {
    contentScores = new Float64Array(n);
    for (let i = 0; i < n; i++) contentScores[i] = model.contentRow[i] >= 0 && !skipped[i] ? sparseDot(rows, i, taste) : NaN;
  }
  const liked = [...net.values()].filter((w) => w > 0).length;
  const historyHalfWeight = variant.historyHalfWeight ?? model.params.historyHalfWeight ?? DEFAULT_HYBRID_PARAMS.historyHalfWeight;
  const mmrLambda = content ? (variant.mmrLambda ?? req.mmrLambda ?? model.params.mmrLambda ?? DEFAULT_HYBRID_PARAMS.mmrLambda) : 1;
  // A fixed α only where both models score the user; one model alone carries the whole score either way.
  const alpha = cf ? (contentScores ? (variant.alpha ?? collaborativeWeight(liked, true, { historyHalfWeight })) : 1) : 0;
  // An item without content has an empty row: its similarity to anything is 0.
  const similarity = rows ? rowSimilarity(rows) : undefined;
  const ranked = rankHybrid({
    cf,
    content: contentScores,
    items: n,
    alpha,
    limit: req.limit,
    skip: (i) => skipped[i] === 1,
    controls,
    similarity,
    params: { mmrLambda, candidatePool: model.params.candidatePool ?? DEFAULT_HYBRID_PARAMS.candidatePool },
  });
  return {
    items: ranked.map((r, p) => {
      const reasons: RecommendationReason[] = [];
      if (r.collaborative > 0 && r.collaborative >= 0.25 * r.score) reasons.push("collaborative");
      if (r.content > 0 && r.content >= 0.25 * r.score) reasons.push("content");
      if (r.recency && r.recency >= 0.25 * r.score) reasons.push("recency");
      if (!reasons.length) reasons.push(alpha >= 0.5 ? "collaborative" : "content");
      for (let q = p + 1; q < ranked.length; q++) {
        if (ranked[q].score > r.score) {
          reasons.push("diversity");
          break;
        }
      }
      return { itemId: model.allIds[r.index], score: round(r.score), reasons };
    }),
    modelVersion: model.version,
    ranking: { collaborativeWeight: round(alpha), mmrLambda, source: fromExperiment ? "experiment" : "default", ...applied },
  };
}

/** Its row in the content vectors' aligned rows, or −1 when the content model does not know it. */
function contentIndex(model: PreparedModel, id: string): number {
  const i = model.allIndexOf.get(id);
  return i !== undefined && model.contentRow[i] >= 0 ? i : -1;
}

/** u · row i of `factors` (f = u.length), the terms added in order as `scoreAll` adds them, four per step. */
function dotAt(u: Float64Array, factors: Float64Array, offset: number): number {
  const f = u.length;
  let s = 0;
  let a = 0;
  for (; a + 3 < f; a += 4) {
    const o = offset + a;
    s += u[a] * factors[o];
    s += u[a + 1] * factors[o + 1];
    s += u[a + 2] * factors[o + 2];
    s += u[a + 3] * factors[o + 3];
  }
  for (; a < f; a++) s += u[a] * factors[offset + a];
  return s;
}

function markSkipped(model: PreparedModel, skipped: Uint8Array, id: string) {
  const i = model.allIndexOf.get(id);
  if (i !== undefined) skipped[i] = 1;
}

/** The most popular items, under the same controls: the boost is added to the share of the top item's count. */
function popular(model: PreparedModel, history: ReadonlyMap<string, number>, req: RankRequest, applied: AppliedControls, fromExperiment: boolean): RankedList {
  const { controls: chosen, categories, meta, limit } = req;
  const excluded = new Set([...history.keys(), ...req.exclude]);
  const max = model.itemPopularity.reduce((m, c) => Math.max(m, c), 1);
  const { controls, outOfCategory } = meta ? controlsFor(model.itemIds, meta, chosen, categories, req.now.getTime()) : { controls: {}, outOfCategory: null };
  const popularity = Float64Array.from(model.itemPopularity, (c, i) => c / max + (controls.boost?.(i) ?? 0));
  const skip = (i: number) => excluded.has(model.itemIds[i]) || (outOfCategory?.(i) ?? false);
  const top = selectCapped(popularity, limit, limit, skip, controls, (pool, admit) => takeAdmitted(pool, limit, admit));
  return {
    items: top.map((i) => ({ itemId: model.itemIds[i], score: round(popularity[i]), reasons: ["popular"] })),
    modelVersion: model.version,
    ...(Object.keys(applied).length ? { ranking: { collaborativeWeight: 0, mmrLambda: 1, source: fromExperiment ? "experiment" : "default", ...applied } } : {}),
  };
}

function round(x: number) {
  return Math.round(x * 1e6) / 1e6;
}
