// Serving: a user's top items from the promoted model version, minus what they already touched and what the caller
// excludes. Collaborative and content scores are blended by the user's history length and re-ranked with MMR for
// diversity (./hybrid.ts); a user with a short or no collaborative history is served from the content model, which
// also reaches catalog items nobody has touched; a user with nothing at all gets the most popular items. Each result
// says which signals placed it. The ranking parameters come from the user's variant when a ranking experiment runs
// (./ranking-experiment.ts); the ranking controls (category filter, creator cap, recency boost: ./ranking-controls.ts)
// from the variant, the request or the project's settings. Every served list is logged as an impression whose id the
// product sends back with the clicks, so click-through is measured per model version and variant.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { scoreAll } from "./als";
import { userContentVector } from "./content";
import { interactionWeight } from "./feedback";
import { collaborativeWeight, DEFAULT_HYBRID_PARAMS, rankHybrid, selectCapped, takeAdmitted } from "./hybrid";
import { categoriesOf, categoryFilterSchema, controlsFor, needsCatalog, rankingControlsSchema, resolveControls, type ItemMeta, type RankingControls } from "./ranking-controls";
import { projectPersonalizationSettings } from "./settings";
import { loadItemMeta } from "./store/interactions";
import { loadServingUser } from "./store/serving-user";
import { servedVersion } from "./served-version";
import { insertImpression } from "./store/impressions";
import { rankingAssignment, type RankingAssignment } from "./ranking-experiment";
import { hasModelVersions, loadServingModel, type ServingModel } from "./store/models";
import { z } from "zod";

export const recommendInputSchema = z.object({
  userId: z.string().min(1, "is required").max(200),
  limit: z.number().int().min(1).max(100).default(10),
  exclude: z.array(z.string().min(1).max(200)).max(1000).default([]),
  /** MMR trade-off for this request (1 = rank by relevance alone); the version's trained default otherwise. A running
   * ranking experiment's variant parameter takes precedence (the experiment is what measures it). */
  mmrLambda: z.number().min(0).max(1).optional(),
  /** The ranking experiment to serve under; without it, the project's running ranking experiment (if any). */
  experimentKey: z.string().min(1).max(64).optional(),
  /** Only items with this category (or one of these). */
  category: categoryFilterSchema.optional(),
  ...rankingControlsSchema.shape,
});
export type RecommendInput = z.output<typeof recommendInputSchema>;

/** collaborative / content / recency: the signal (the recency boost) carried at least a quarter of the item's score;
 * diversity: MMR placed it ahead of a higher-scoring item; popular: the user is unknown to every
 * model (cold start). */
export type RecommendationReason = "collaborative" | "content" | "recency" | "diversity" | "popular";

export interface Recommendations {
  /** In served order; with MMR a later item may have a higher relevance score than an earlier one. */
  items: { itemId: string; score: number; reasons: RecommendationReason[] }[];
  modelVersion: number;
  /** Send it back as the `impressionId` of the interactions this list led to (null when nothing was served). */
  impressionId: string | null;
  /** The ranking experiment this request was served under, and the user's variant in it (null: not covered). */
  experiment?: { key: string; variant: string | null };
  /** The user's variant key, when an experiment's variant ranked the list. */
  variant?: string;
  /** The collaborative weight α used for this user and the MMR λ (absent for the popularity fallback), and where
   * they came from: the experiment variant's parameters or the defaults (request, model version, project). */
  ranking?: { collaborativeWeight: number; mmrLambda: number; source: "experiment" | "default" } & RankingControls & { category?: string[] };
}

/** A served version with the union of its collaborative and content items, indexed once per version. */
interface PreparedModel extends ServingModel {
  allIds: string[];
  /** Per entry of allIds: its row in itemFactors and in content vectors, or −1. */
  cfRow: Int32Array;
  contentRow: Int32Array;
  contentRowOf: Map<string, number>;
}

function prepare(model: ServingModel): PreparedModel {
  const allIds = [...new Set([...model.itemIds, ...(model.content?.itemIds ?? [])])];
  const cfRowOf = new Map(model.itemIds.map((id, k) => [id, k]));
  const contentRowOf = new Map((model.content?.itemIds ?? []).map((id, k) => [id, k]));
  return {
    ...model,
    allIds,
    cfRow: Int32Array.from(allIds, (id) => cfRowOf.get(id) ?? -1),
    contentRow: Int32Array.from(allIds, (id) => contentRowOf.get(id) ?? -1),
    contentRowOf,
  };
}

// A version's item side never changes, so it is cached by version id (a promotion changes the id looked up).
const servingModels = createTtlCache<PreparedModel>({ name: "personalization-models", ttlMs: 10 * 60_000, max: 50 });
// The catalog's categories, creators and dates change with item batches: read at most once a minute per project, and
// only for a request that uses a control.
const itemMetas = createTtlCache<Map<string, ItemMeta>>({ name: "personalization-item-meta", ttlMs: 60_000, max: 50 });
async function itemMetaOf(db: Db, projectId: string): Promise<Map<string, ItemMeta>> {
  const cached = itemMetas.get(projectId);
  if (cached) return cached;
  const meta = await loadItemMeta(db, projectId);
  itemMetas.set(projectId, meta);
  return meta;
}

async function servingModel(db: Db, projectId: string): Promise<PreparedModel> {
  const promoted = await servedVersion(db, projectId);
  if (!promoted) {
    if (await hasModelVersions(db, projectId)) {
      throw new AppError("conflict", "No model version is promoted: none has beaten the popularity baseline yet (see POST /api/v1/recommendations/train)");
    }
    throw new AppError("not_found", "No recommendation model has been trained for this project yet (POST /api/v1/recommendations/train)");
  }
  const cached = servingModels.get(promoted.id);
  if (cached) return cached;
  const loaded = await loadServingModel(db, projectId, promoted.id);
  if (!loaded) throw new AppError("conflict", "The promoted model version changed while it was read; retry");
  const model = prepare(loaded);
  servingModels.set(promoted.id, model, { tags: [projectId] });
  return model;
}

export async function recommend(db: Db, projectId: string, input: RecommendInput, now = new Date()): Promise<Recommendations> {
  const model = await servingModel(db, projectId);
  const assignment = await rankingAssignment(db, projectId, input.userId, input.experimentKey, now);
  const ranked = await rank(db, projectId, model, input, assignment, now);
  const impressionId = ranked.items.length ? randomUUID() : null;
  if (impressionId) {
    await insertImpression(db, {
      projectId,
      id: impressionId,
      userId: input.userId,
      servedAt: now,
      modelVersion: model.version,
      experimentId: assignment?.variant ? assignment.experiment.id : null,
      variantKey: assignment?.variant ?? null,
      itemIds: ranked.items.map((i) => i.itemId),
      ranking: ranked.ranking ?? { source: "popular" },
    });
  }
  return {
    ...ranked,
    impressionId,
    ...(assignment ? { experiment: { key: assignment.experiment.key, variant: assignment.variant } } : {}),
    ...(assignment?.variant ? { variant: assignment.variant } : {}),
  };
}

async function rank(db: Db, projectId: string, model: PreparedModel, input: RecommendInput, assignment: RankingAssignment | null, now: Date): Promise<Omit<Recommendations, "impressionId">> {
  const [{ factors: user, history }, settings] = await Promise.all([loadServingUser(db, projectId, model.id, input.userId), projectPersonalizationSettings(db, projectId)]);
  const excluded = new Set([...history.map((h) => h.itemId), ...input.exclude]);
  const variant = assignment?.parameters ?? {};
  const fromExperiment = Object.keys(variant).length > 0;
  const chosen = resolveControls(variant, input, settings.ranking);
  const categories = categoriesOf(input.category);
  const meta = needsCatalog(chosen, categories) ? await itemMetaOf(db, projectId) : null;
  const applied = { ...chosen, ...(categories.length ? { category: categories } : {}) };
  const net = new Map<string, number>();
  for (const h of history) net.set(h.itemId, (net.get(h.itemId) ?? 0) + interactionWeight(h.type, h.value));
  const liked = [...net.values()].filter((w) => w > 0).length;
  const content = model.content;
  const taste = content ? userContentVector(content, [...net].map(([id, w]) => [model.contentRowOf.get(id) ?? -1, w] as [number, number])) : null;
  if (!user && !taste) {
    // The most popular items, under the same controls: the boost is added to the share of the top item's count.
    const max = model.itemPopularity.reduce((m, c) => Math.max(m, c), 1);
    const { controls, outOfCategory } = meta ? controlsFor(model.itemIds, meta, chosen, categories, now.getTime()) : { controls: {}, outOfCategory: null };
    const popularity = Float64Array.from(model.itemPopularity, (c, i) => c / max + (controls.boost?.(i) ?? 0));
    const skip = (i: number) => excluded.has(model.itemIds[i]) || (outOfCategory?.(i) ?? false);
    const top = selectCapped(popularity, input.limit, input.limit, skip, controls, (pool, admit) => takeAdmitted(pool, input.limit, admit));
    return {
      items: top.map((i) => ({ itemId: model.itemIds[i], score: round(popularity[i]), reasons: ["popular"] })),
      modelVersion: model.version,
      ...(Object.keys(applied).length ? { ranking: { collaborativeWeight: 0, mmrLambda: 1, source: fromExperiment ? "experiment" : "default", ...applied } } : {}),
    };
  }
  const n = model.allIds.length;
  let cf: Float64Array | null = null;
  if (user) {
    const raw = scoreAll(user, model.itemFactors, model.dimension);
    cf = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) if (model.cfRow[i] >= 0) cf[i] = raw[model.cfRow[i]];
  }
  let contentScores: Float64Array | null = null;
  if (content && taste) {
    const raw = scoreAll(taste, content.vectors, content.dimension);
    contentScores = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) if (model.contentRow[i] >= 0) contentScores[i] = raw[model.contentRow[i]];
  }
  const historyHalfWeight = variant.historyHalfWeight ?? model.params.historyHalfWeight ?? DEFAULT_HYBRID_PARAMS.historyHalfWeight;
  const mmrLambda = content ? (variant.mmrLambda ?? input.mmrLambda ?? model.params.mmrLambda ?? DEFAULT_HYBRID_PARAMS.mmrLambda) : 1;
  // A fixed α only where both models score the user; one model alone carries the whole score either way.
  const alpha = cf ? (contentScores ? (variant.alpha ?? collaborativeWeight(liked, true, { historyHalfWeight })) : 1) : 0;
  const d = content?.dimension ?? 0;
  const similarity = (a: number, b: number) => {
    const ra = model.contentRow[a];
    const rb = model.contentRow[b];
    if (!content || ra < 0 || rb < 0) return 0;
    let s = 0;
    for (let k = 0; k < d; k++) s += content.vectors[ra * d + k] * content.vectors[rb * d + k];
    return s;
  };
  const { controls, outOfCategory } = meta ? controlsFor(model.allIds, meta, chosen, categories, now.getTime()) : { controls: {}, outOfCategory: null };
  const ranked = rankHybrid({
    cf,
    content: contentScores,
    items: n,
    alpha,
    limit: input.limit,
    skip: (i) => excluded.has(model.allIds[i]) || (outOfCategory?.(i) ?? false),
    controls,
    similarity: content ? similarity : undefined,
    params: { mmrLambda, candidatePool: model.params.candidatePool ?? DEFAULT_HYBRID_PARAMS.candidatePool },
  });
  return {
    items: ranked.map((r, p) => {
      const reasons: RecommendationReason[] = [];
      if (r.collaborative > 0 && r.collaborative >= 0.25 * r.score) reasons.push("collaborative");
      if (r.content > 0 && r.content >= 0.25 * r.score) reasons.push("content");
      if (r.recency && r.recency >= 0.25 * r.score) reasons.push("recency");
      if (!reasons.length) reasons.push(alpha >= 0.5 ? "collaborative" : "content");
      if (ranked.slice(p + 1).some((later) => later.score > r.score)) reasons.push("diversity");
      return { itemId: model.allIds[r.index], score: round(r.score), reasons };
    }),
    modelVersion: model.version,
    ranking: { collaborativeWeight: round(alpha), mmrLambda, source: fromExperiment ? "experiment" : "default", ...applied },
  };
}

function round(x: number) {
  return Math.round(x * 1e6) / 1e6;
}
