// Serving: a user's top items from the promoted model version, minus what they already touched and what the caller
// excludes; a user the model does not know gets the most popular items (cold start), each result saying why.
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { scoreAll, topK } from "./als";
import { touchedItems } from "./store/interactions";
import { hasModelVersions, loadServingModel, loadUserFactors, promotedVersion, type ServingModel } from "./store/models";
import { z } from "zod";

export const recommendInputSchema = z.object({
  userId: z.string().min(1, "is required").max(200),
  limit: z.number().int().min(1).max(100).default(10),
  exclude: z.array(z.string().min(1).max(200)).max(1000).default([]),
});
export type RecommendInput = z.output<typeof recommendInputSchema>;

export type RecommendationReason = "collaborative" | "popular";

export interface Recommendations {
  items: { itemId: string; score: number; reasons: RecommendationReason[] }[];
  modelVersion: number;
}

// A version's item side never changes, so it is cached by version id (a promotion changes the id looked up).
const servingModels = createTtlCache<ServingModel>({ name: "personalization-models", ttlMs: 10 * 60_000, max: 50 });

async function servingModel(db: Db, projectId: string): Promise<ServingModel> {
  const promoted = await promotedVersion(db, projectId);
  if (!promoted) {
    if (await hasModelVersions(db, projectId)) {
      throw new AppError("conflict", "No model version is promoted: none has beaten the popularity baseline yet (see POST /api/v1/recommendations/train)");
    }
    throw new AppError("not_found", "No recommendation model has been trained for this project yet (POST /api/v1/recommendations/train)");
  }
  const cached = servingModels.get(promoted.id);
  if (cached) return cached;
  const model = await loadServingModel(db, projectId, promoted.id);
  if (!model) throw new AppError("conflict", "The promoted model version changed while it was read; retry");
  servingModels.set(promoted.id, model, { tags: [projectId] });
  return model;
}

export async function recommend(db: Db, projectId: string, input: RecommendInput): Promise<Recommendations> {
  const model = await servingModel(db, projectId);
  const [user, touched] = await Promise.all([loadUserFactors(db, projectId, model.id, input.userId), touchedItems(db, projectId, input.userId)]);
  const excluded = new Set([...touched, ...input.exclude]);
  const skip = (i: number) => excluded.has(model.itemIds[i]);
  if (!user) {
    const popularity = Float64Array.from(model.itemPopularity);
    const max = model.itemPopularity.reduce((m, c) => Math.max(m, c), 1);
    const top = topK(popularity, input.limit, skip);
    return { items: top.map((i) => ({ itemId: model.itemIds[i], score: round(popularity[i] / max), reasons: ["popular"] })), modelVersion: model.version };
  }
  const scores = scoreAll(user, model.itemFactors, model.dimension);
  const top = topK(scores, input.limit, skip);
  return { items: top.map((i) => ({ itemId: model.itemIds[i], score: round(scores[i]), reasons: ["collaborative"] })), modelVersion: model.version };
}

function round(x: number) {
  return Math.round(x * 1e6) / 1e6;
}
