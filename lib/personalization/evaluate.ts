// Offline evaluation of a recommender on the time-based holdout: NDCG@k and recall@k over the users with held-out
// positives, user and item coverage, and the popularity baseline every model must beat to be promoted.
import { topK } from "./als";
import type { Holdout } from "./dataset";
import { intraListDiversity } from "./hybrid";

export const EVAL_K = 10;

export interface RankingMetrics {
  ndcgAt10: number;
  recallAt10: number;
  /** Share of evaluated users with at least one held-out item in their top 10. */
  hitRate: number;
  /** Share of evaluated users the recommender could personalise for (the rest got nothing from it). */
  userCoverage: number;
  /** Share of items that appear in at least one evaluated user's top 10. */
  itemCoverage: number;
  /** Users evaluated (with held-out positives). */
  users: number;
  /** Mean intra-list diversity of the served top 10s (1 − content cosine per pair), when the catalog has content. */
  diversity?: number;
}

/** Binary-relevance NDCG@k: Σ 1/log2(rank + 1) over relevant hits, over the same sum for an ideal list. */
export function ndcgAt(ranked: readonly number[], relevant: ReadonlySet<number>, k = EVAL_K): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r])) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the relevant items found in the top k. */
export function recallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k = EVAL_K): number {
  if (!relevant.size) return 0;
  let hits = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r])) hits++;
  return hits / relevant.size;
}

/**
 * Scores `recommend` (a user's ranked item indices, or null when it knows nothing of the user) on the holdout,
 * averaging over every evaluated user (a user it cannot serve counts as zero).
 */
export function evaluateRankings(
  holdout: Holdout,
  items: number,
  recommend: (user: number) => number[] | null,
  k = EVAL_K,
  similarity?: (a: number, b: number) => number,
): RankingMetrics {
  let diversity = 0;
  let ndcg = 0;
  let recall = 0;
  let hits = 0;
  let served = 0;
  const shown = new Uint8Array(items);
  for (const [user, relevant] of holdout.relevant) {
    const ranked = recommend(user);
    if (!ranked) continue;
    served++;
    const top = ranked.slice(0, k);
    for (const i of top) shown[i] = 1;
    if (similarity) diversity += intraListDiversity(top, similarity);
    ndcg += ndcgAt(top, relevant, k);
    const r = recallAt(top, relevant, k);
    recall += r;
    if (r > 0) hits++;
  }
  const users = holdout.relevant.size;
  const per = (x: number) => (users ? x / users : 0);
  return {
    ndcgAt10: per(ndcg),
    recallAt10: per(recall),
    hitRate: per(hits),
    userCoverage: per(served),
    itemCoverage: items ? shown.reduce((s, v) => s + v, 0) / items : 0,
    users,
    ...(similarity ? { diversity: served ? diversity / served : 0 } : {}),
  };
}

/** The popularity baseline: the most popular items the user has not touched. */
export function popularityRecommender(popularity: Float64Array, holdout: Holdout, k = EVAL_K) {
  return (user: number) => {
    const seen = holdout.seen.get(user);
    return topK(popularity, k, seen ? (i) => seen.has(i) : undefined);
  };
}
