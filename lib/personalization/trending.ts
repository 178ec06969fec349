// Trending items: engagement velocity against each item's own past. Positive interactions in the recent window are
// compared with what the item's baseline rate (the window before it) predicts for that long, as a Poisson z-score
//   z = (recent − expected) / √max(expected, 1),   expected = baseline · recentSpan / baselineSpan,
// so a steady favourite does not trend and a niche item that suddenly gets attention does; the floor of 1 keeps an
// item with no past from scoring infinitely high on a couple of events, and `minRecent` ignores noise.
import { z } from "zod";

export const trendingQuerySchema = z.object({
  category: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export interface TrendingParams {
  recentHours: number;
  baselineDays: number;
  /** Positive interactions an item needs in the recent window to trend at all. */
  minRecent: number;
}

export const DEFAULT_TRENDING_PARAMS: TrendingParams = { recentHours: 24, baselineDays: 7, minRecent: 3 };

export interface ItemActivity {
  itemId: string;
  recent: number;
  baseline: number;
}

export interface TrendingItem extends ItemActivity {
  /** What the baseline rate predicts for the recent window. */
  expected: number;
  zScore: number;
}

/** Items whose recent engagement exceeds their own baseline, highest z first (ties: more recent engagement, then id). */
export function scoreTrending(activity: readonly ItemActivity[], params: TrendingParams = DEFAULT_TRENDING_PARAMS, limit = 10): TrendingItem[] {
  const ratio = params.recentHours / (params.baselineDays * 24);
  return activity
    .filter((a) => a.recent >= params.minRecent)
    .map((a) => {
      const expected = a.baseline * ratio;
      return { ...a, expected, zScore: (a.recent - expected) / Math.sqrt(Math.max(expected, 1)) };
    })
    .filter((a) => a.zScore > 0)
    .sort((a, b) => b.zScore - a.zScore || b.recent - a.recent || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
    .slice(0, limit);
}

/** The windows, ending at `now`: [recentFrom, now) recent, [baselineFrom, recentFrom) baseline. */
export function trendingWindows(now: Date, params: TrendingParams = DEFAULT_TRENDING_PARAMS) {
  const recentFrom = new Date(now.getTime() - params.recentHours * 3_600_000);
  const baselineFrom = new Date(recentFrom.getTime() - params.baselineDays * 86_400_000);
  return { recentFrom, baselineFrom };
}
