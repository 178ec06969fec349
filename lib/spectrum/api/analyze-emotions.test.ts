import { describe, expect, it } from "vitest";
import { LEXICON_ANALYSIS_VERSION } from "../lexicon-analyzer";
import type { EmotionAnalyzer } from "../types";
import { analyzeEmotions, analyzeEmotionsInputSchema } from "./analyze-emotions";

describe("analyzeEmotionsInputSchema", () => {
  it("accepts 1..100 texts of 1..10000 chars", () => {
    expect(analyzeEmotionsInputSchema.safeParse({ texts: ["hi"] }).success).toBe(true);
    expect(analyzeEmotionsInputSchema.safeParse({ texts: Array(100).fill("x".repeat(10_000)) }).success).toBe(true);
  });

  it.each([
    ["no texts", { texts: [] }],
    ["too many texts", { texts: Array(101).fill("x") }],
    ["empty text", { texts: [""] }],
    ["too long text", { texts: ["x".repeat(10_001)] }],
    ["wrong type", { texts: "hello" }],
    ["missing field", {}],
  ])("rejects %s", (_, body) => {
    expect(analyzeEmotionsInputSchema.safeParse(body).success).toBe(false);
  });
});

describe("analyzeEmotions", () => {
  it("returns the analysis version and one rounded result per text", async () => {
    const res = await analyzeEmotions({ texts: ["Thank you so much!", "Please sort this list"] });
    expect(res.analysisVersion).toBe(LEXICON_ANALYSIS_VERSION);
    expect(res.results.map((r) => r.dominant)).toEqual(["gratitude", "neutral"]);
    const [first] = res.results;
    expect(Object.keys(first.emotions)).toHaveLength(8);
    expect(first.valence).toBe(Math.round(first.valence * 1e4) / 1e4);
  });

  it("rejects analyzers that break the one-result-per-text contract", async () => {
    const broken: EmotionAnalyzer = { id: "broken", version: "x", analyze: async () => [] };
    await expect(analyzeEmotions({ texts: ["hi"] }, broken)).rejects.toThrow(/returned 0 results/);
  });
});
