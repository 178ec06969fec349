import { describe, expect, test } from "vitest";
import { createExperimentSchema } from "@/lib/experiments/definition";
import { newScoreMetricRow, scoreMetricKey, scoreMetricRows, scoreMetricsBody } from "./score-metric-rows";

const base = { key: "e", name: "E", variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }] };

describe("score metric rows of the experiment form", () => {
  test("a key from the score name in the key alphabet, unique among the experiment's metrics", () => {
    expect(scoreMetricKey("helpfulness_online")).toBe("score_helpfulness_online");
    expect(scoreMetricKey("Faithfulness: RAG v2")).toBe("score_faithfulness_rag_v2");
    expect(scoreMetricKey("helpfulness", ["score_helpfulness", "score_helpfulness_2"])).toBe("score_helpfulness_3");
    expect(scoreMetricKey("!!!")).toBe("score_score");
    expect(scoreMetricKey("x".repeat(200))).toHaveLength(56);
  });

  test("rows become goal and guardrail metrics the API accepts, and read back as the same rows", () => {
    const judged = { ...newScoreMetricRow("helpfulness_online", []), sources: ["eval" as const], guardrail: 5 };
    const guardOnly = { ...newScoreMetricRow("toxicity", [judged.key]), goal: false, higherIsBetter: false, windowDays: 3, guardrail: 2.5 };
    const dropped = { ...newScoreMetricRow("unused", []), goal: false };
    const body = scoreMetricsBody([judged, guardOnly, dropped]);
    expect(body.goals).toEqual([
      { key: "score_helpfulness_online", name: "Mean helpfulness_online score", type: "mean", score: { name: "helpfulness_online", sources: ["eval"] }, windowHours: 168, higherIsBetter: true },
    ]);
    expect(body.guardrails.map((g) => [g.metric.key, g.threshold])).toEqual([["score_helpfulness_online", 0.05], ["score_toxicity", 0.025]]);
    expect(body.guardrails[1].metric).toMatchObject({ score: { name: "toxicity" }, windowHours: 72, higherIsBetter: false });
    expect(body.guardrails[1].metric.score).not.toHaveProperty("sources");

    const parsed = createExperimentSchema.parse({ ...base, goalMetrics: ["thumbs_up_rate", ...body.goals], guardrails: body.guardrails });
    expect(scoreMetricRows(parsed.goalMetrics, parsed.guardrails)).toEqual([judged, guardOnly]);
  });
});
