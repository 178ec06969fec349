import { describe, expect, test } from "vitest";
import { estimateShare } from "@/lib/primitives/proportion";
import { INSIGHT_RUBRIC } from "./insight-rubric";
import { insightPasses, summarizeInsightReviews } from "./insight-summary";
import type { ScoreConfig } from "./queue-input";

const v1 = { promptName: "spectrum-weekly", promptVersion: "v1", model: "local-template" };
const v2 = { promptName: "spectrum-weekly", promptVersion: "v2", model: "gpt-4o-mini" };
const s = (faithful: number, supportive: number, clear: number, safe: boolean) => [
  { name: "faithful", value: faithful },
  { name: "supportive", value: supportive },
  { name: "clear", value: clear },
  { name: "safe", value: safe ? 1 : 0 },
];

describe("insight review summary", () => {
  test("an insight passes when every rating reaches the middle of its scale and every yes/no is yes", () => {
    expect(insightPasses(INSIGHT_RUBRIC, s(3, 5, 4, true))).toBe(true);
    expect(insightPasses(INSIGHT_RUBRIC, s(2, 5, 5, true))).toBe(false);
    expect(insightPasses(INSIGHT_RUBRIC, s(5, 5, 5, false))).toBe(false);
    // A partial review judges what it scored; categorical scores carry no verdict.
    expect(insightPasses(INSIGHT_RUBRIC, [{ name: "clear", value: 4 }])).toBe(true);
    const tone: ScoreConfig[] = [{ type: "categorical", name: "tone", categories: ["warm", "cold"] }];
    expect(insightPasses(tone, [{ name: "tone", value: 1 }])).toBeNull();
  });

  test("override ratio over judged insights, and per prompt version and model the pass rate with its interval and the rubric means", () => {
    const r = summarizeInsightReviews(INSIGHT_RUBRIC, [
      { context: v1, scores: s(5, 4, 4, true) },
      { context: v1, scores: s(2, 4, 4, true) },
      { context: v1, scores: s(4, 3, 5, false) },
      { context: v2, scores: s(5, 5, 5, true) },
      { context: v2, scores: s(4, 5, 3, true) },
    ]);
    expect(r).toMatchObject({ reviewed: 5, judged: 5, overridden: 2 });
    expect(r.overrideRatio).toBeCloseTo(2 / 5, 12);
    expect(r.byVersion.map((g) => [g.promptVersion, g.model, g.n])).toEqual([["v1", "local-template", 3], ["v2", "gpt-4o-mini", 2]]);
    expect(r.byVersion[0].pass).toEqual(estimateShare(1, 3));
    expect(r.byVersion[1].pass).toEqual(estimateShare(2, 2));
    expect(r.byVersion[0].means).toEqual([
      { name: "faithful", n: 3, mean: 11 / 3 },
      { name: "supportive", n: 3, mean: 11 / 3 },
      { name: "clear", n: 3, mean: 13 / 3 },
      { name: "safe", n: 3, mean: 2 / 3 },
    ]);
  });

  test("nothing reviewed: no ratio rather than zero", () => {
    expect(summarizeInsightReviews(INSIGHT_RUBRIC, [])).toEqual({ reviewed: 0, judged: 0, overridden: 0, overrideRatio: null, byVersion: [] });
  });
});
