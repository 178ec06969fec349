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
import { sharedLoads } from "@/lib/cache/shared-loads";
import { categoriesOf, categoryFilterSchema, needsCatalog, rankingControlsSchema, resolveControls, type ItemMeta } from "./ranking-controls";
import { projectPersonalizationSettings } from "./settings";
import { loadItemMeta } from "./store/interactions";
import { loadServingUser } from "./store/serving-user";
import { servedVersion } from "./served-version";
import { insertImpression } from "./store/impressions";
import { rankingAssignment, type RankingAssignment } from "./ranking-experiment";
import { prepareServingModel, rankForUser, type PreparedModel, type RankedList } from "./serving-model";
import { hasModelVersions, loadServingModel } from "./store/models";
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

export type { RecommendationReason } from "./serving-model";

export interface Recommendations extends RankedList {
  /** Send it back as the `impressionId` of the interactions this list led to (null when nothing was served). */
  impressionId: string | null;
  /** The ranking experiment this request was served under, and the user's variant in it (null: not covered). */
  experiment?: { key: string; variant: string | null };
  /** The user's variant key, when an experiment's variant ranked the list. */
  variant?: string;
}

// A version's item side never changes, so it is cached by version id (a promotion changes the id looked up).
const servingModels = createTtlCache<PreparedModel>({ name: "personalization-models", ttlMs: 10 * 60_000, max: 50 });
// Concurrent calls that miss (after a promotion, or once the entries expire) read and index the version once.
const modelLoads = sharedLoads<PreparedModel>();
const metaLoads = sharedLoads<Map<string, ItemMeta>>();
// The catalog's categories, creators and dates change with item batches: read at most once a minute per project, and
// only for a request that uses a control.
const itemMetas = createTtlCache<Map<string, ItemMeta>>({ name: "personalization-item-meta", ttlMs: 60_000, max: 50 });
async function itemMetaOf(db: Db, projectId: string): Promise<Map<string, ItemMeta>> {
  const cached = itemMetas.get(projectId);
  if (cached) return cached;
  const epoch = itemMetas.epoch();
  const meta = await metaLoads(projectId, epoch, () => loadItemMeta(db, projectId), db);
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
  const epoch = servingModels.epoch();
  const model = await modelLoads(
    promoted.id,
    epoch,
    async () => {
      const loaded = await loadServingModel(db, projectId, promoted.id);
      if (!loaded) throw new AppError("conflict", "The promoted model version changed while it was read; retry");
      return prepareServingModel(loaded);
    },
    db,
  );
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

async function rank(db: Db, projectId: string, model: PreparedModel, input: RecommendInput, assignment: RankingAssignment | null, now: Date): Promise<RankedList> {
  const [served, settings] = await Promise.all([loadServingUser(db, projectId, model.id, input.userId), projectPersonalizationSettings(db, projectId)]);
  const variant = assignment?.parameters ?? {};
  const controls = resolveControls(variant, input, settings.ranking);
  const categories = categoriesOf(input.category);
  const meta = needsCatalog(controls, categories) ? await itemMetaOf(db, projectId) : null;
  return rankForUser(model, served, { limit: input.limit, exclude: input.exclude, mmrLambda: input.mmrLambda, variant, controls, categories, meta, now });
}
