// Trending scores against hand-computed Poisson z-scores: a steady item does not trend, a rising one does, an item
// with no past is floored, and too few recent events never trend.
import { describe, expect, test } from "vitest";
import { scoreTrending, trendingWindows } from "./trending";

describe("trending", () => {
  test("ranks by the Poisson z-score of recent engagement against the item's own 7-day baseline", () => {
    const out = scoreTrending([
      // 70 in 7 days predicts 10 a day: 10 recent is no change.
      { itemId: "steady", recent: 10, baseline: 70 },
      // 14 in 7 days predicts 2: (12 − 2) / √2.
      { itemId: "rising", recent: 12, baseline: 14 },
      // No past: expected 0, the floor of 1 in the denominator gives z = recent.
      { itemId: "new", recent: 4, baseline: 0 },
      { itemId: "noise", recent: 2, baseline: 0 },
      { itemId: "falling", recent: 3, baseline: 140 },
    ]);
    expect(out.map((o) => o.itemId)).toEqual(["rising", "new"]);
    expect(out[0].expected).toBeCloseTo(2, 12);
    expect(out[0].zScore).toBeCloseTo(10 / Math.SQRT2, 12);
    expect(out[1].zScore).toBe(4);
  });

  test("honours the limit, breaks ties by recent count then id, and windows end at the injected now", () => {
    const out = scoreTrending(
      [
        { itemId: "b", recent: 5, baseline: 0 },
        { itemId: "a", recent: 5, baseline: 0 },
        { itemId: "c", recent: 3, baseline: 0 },
      ],
      { recentHours: 24, baselineDays: 7, minRecent: 3 },
      2,
    );
    expect(out.map((o) => o.itemId)).toEqual(["a", "b"]);
    const w = trendingWindows(new Date("2026-12-05T12:00:00Z"));
    expect(w.recentFrom.toISOString()).toBe("2026-12-04T12:00:00.000Z");
    expect(w.baselineFrom.toISOString()).toBe("2026-11-27T12:00:00.000Z");
  });
});
