// The trending list as the API and the page show it: scored from the stored interactions at `now` (injected).
import type { Db } from "@/db/client";
import { DEFAULT_TRENDING_PARAMS, scoreTrending, trendingWindows, type TrendingParams } from "./trending";
import { itemActivity, itemLabels } from "./store/trending";

export async function trendingItems(db: Db, projectId: string, o: { now: Date; category?: string; limit: number; params?: TrendingParams }) {
  const params = o.params ?? DEFAULT_TRENDING_PARAMS;
  const { recentFrom, baselineFrom } = trendingWindows(o.now, params);
  const scored = scoreTrending(await itemActivity(db, projectId, { baselineFrom, recentFrom, now: o.now, category: o.category }), params, o.limit);
  const labels = await itemLabels(db, projectId, scored.map((s) => s.itemId));
  return {
    window: { recentFrom: recentFrom.toISOString(), baselineFrom: baselineFrom.toISOString(), until: o.now.toISOString(), minRecent: params.minRecent },
    items: scored.map((s) => ({
      itemId: s.itemId,
      title: labels.get(s.itemId)?.title ?? null,
      categories: labels.get(s.itemId)?.categories ?? [],
      recent: s.recent,
      baseline: s.baseline,
      expected: Math.round(s.expected * 100) / 100,
      zScore: Math.round(s.zScore * 100) / 100,
    })),
  };
}
export type TrendingList = Awaited<ReturnType<typeof trendingItems>>;
