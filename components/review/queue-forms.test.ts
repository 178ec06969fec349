import { describe, expect, test } from "vitest";
import { formatScoreConfig, parseScoreConfigs } from "./queue-forms";
import { INSIGHT_RUBRIC } from "@/lib/evaluation/review/insight-rubric";
import { createQueueSchema } from "@/lib/evaluation/review/queue-input";
import { valueForKey } from "./review-screen";

describe("score configs typed one per line", () => {
  test("ranges, categories and yes/no become configs the API accepts", () => {
    expect(parseScoreConfigs("helpfulness 1-5\n\ntone friendly, neutral, rude\ncorrect yes/no\nsimilarity 0-1")).toEqual([
      { type: "numeric", name: "helpfulness", min: 1, max: 5 },
      { type: "categorical", name: "tone", categories: ["friendly", "neutral", "rude"] },
      { type: "boolean", name: "correct" },
      { type: "numeric", name: "similarity", min: 0, max: 1 },
    ]);
  });

  test("a rubric follows a bar; the insight rubric survives a round trip through the lines and the API's schema", () => {
    expect(parseScoreConfigs("safe yes/no | nothing that could shame the member")).toEqual([{ type: "boolean", name: "safe", description: "nothing that could shame the member" }]);
    const lines = INSIGHT_RUBRIC.map(formatScoreConfig).join("\n");
    expect(parseScoreConfigs(lines)).toEqual(INSIGHT_RUBRIC);
    expect(createQueueSchema.parse({ name: "q", scoreConfigs: parseScoreConfigs(lines) }).scoreConfigs).toEqual(INSIGHT_RUBRIC);
  });

  test("a line that is none of these names itself", () => {
    expect(() => parseScoreConfigs("helpfulness great")).toThrow(/Cannot read “helpfulness great”/);
  });
});

describe("keys 1-9 on the review screen", () => {
  test("pick the nth category, the rating itself on a small integer scale, a step of a continuous scale", () => {
    expect(valueForKey({ type: "categorical", name: "tone", categories: ["a", "b", "c"] }, 2)).toBe("b");
    expect(valueForKey({ type: "categorical", name: "tone", categories: ["a", "b", "c"] }, 4)).toBeUndefined();
    expect(valueForKey({ type: "numeric", name: "h", min: 1, max: 5 }, 4)).toBe(4);
    expect(valueForKey({ type: "numeric", name: "h", min: 1, max: 5 }, 7)).toBeUndefined();
    expect(valueForKey({ type: "numeric", name: "s", min: 0, max: 1 }, 9)).toBe(1);
    expect(valueForKey({ type: "numeric", name: "s", min: 0, max: 1 }, 5)).toBe(0.5);
    expect(valueForKey({ type: "boolean", name: "ok" }, 1)).toBeUndefined();
  });
});
