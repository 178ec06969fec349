import { describe, expect, it } from "vitest";
import { lexiconAnalyzer } from "./lexicon-analyzer";
import { MAX_TURN_WEIGHT_WORDS, aggregateSession, analyzeSession, turnWeight } from "./session-aggregate";
import { detectPatterns } from "./session-patterns";
import { vec } from "../../tests/support/spectrum-vectors";
import type { AnalyzedTurn, SessionTurn } from "./types";

const t = (role: "user" | "assistant", text: string, vector = vec(0)): AnalyzedTurn => ({ role, text, timestamp: 0, vector });

describe("aggregateSession", () => {
  it("takes a length-weighted mean of user turns only", () => {
    const agg = aggregateSession(
      [
        t("user", "one two three", vec(0.9, { joy: 0.9 })), // weight 3
        t("assistant", "ignored", vec(-1, { anger: 1 })),
        t("user", "one", vec(-0.3, { sadness: 0.6 })), // weight 1
      ],
      "lexicon-v1",
    );
    expect(agg.vector.valence).toBeCloseTo((0.9 * 3 - 0.3) / 4);
    expect(agg.vector.emotions.anger).toBe(0);
    expect(agg.userTurnCount).toBe(2);
    expect(agg.analysisVersion).toBe("lexicon-v1+session-v1");
    expect(agg.dominant).toBe("joy");
    expect(agg.dominantEmotions.map((d) => d.emotion)).toEqual(["joy"]);
    expect(agg.turnImpacts).toHaveLength(1);
  });

  it("caps the weight of very long turns", () => {
    expect(turnWeight("word ".repeat(5000))).toBe(MAX_TURN_WEIGHT_WORDS);
    expect(turnWeight("")).toBe(1);
  });

  it("is neutral for a session without user turns", () => {
    const agg = aggregateSession([t("assistant", "hello")], "lexicon-v1");
    expect(agg).toMatchObject({ dominant: "neutral", patterns: [], userTurnCount: 0 });
  });

  it("analyses raw turns end to end with the lexicon analyzer", async () => {
    const turns: SessionTurn[] = [
      { role: "user", text: "I'm really worried the migration will delete our data", timestamp: "2025-03-01T09:00:00Z" },
      { role: "assistant", text: "Let's take a backup first, then run it on a copy.", timestamp: "2025-03-01T09:00:05Z" },
      { role: "user", text: "Okay, that worked. I feel much better now, relieved, thank you!", timestamp: "2025-03-01T09:05:00Z" },
    ];
    const agg = await analyzeSession(turns, lexiconAnalyzer());
    expect(agg.patterns).toContain("anxious-to-calm");
    const impact = agg.turnImpacts[0];
    expect(impact.measurable && impact.delta.emotions.anxiety).toBeLessThan(-0.3);
    expect(impact.measurable && impact.delta.valence).toBeGreaterThan(0.5);
  });
});

describe("detectPatterns", () => {
  it("needs a trajectory (2+ turns)", () => {
    expect(detectPatterns([vec(0.5, { calm: 0.6 })])).toEqual([]);
  });

  it("detects rising frustration", () => {
    const p = detectPatterns([vec(0), vec(-0.3, { frustration: 0.3 }), vec(-0.6, { frustration: 0.7 })]);
    expect(p).toContain("rising-frustration");
    expect(p).toContain("declining-mood");
  });

  it("detects steady calm and steady neutral", () => {
    expect(detectPatterns([vec(0.3, { calm: 0.4 }), vec(0.35, { calm: 0.3 }), vec(0.3, { calm: 0.35 })])).toEqual(["steady-calm"]);
    expect(detectPatterns([vec(0), vec(0.05), vec(0)])).toEqual(["steady-neutral"]);
  });

  it("detects confused-to-clear and volatile sessions", () => {
    expect(detectPatterns([vec(-0.3, { confusion: 0.8 }), vec(0.2, { calm: 0.3 })])).toContain("confused-to-clear");
    expect(detectPatterns([vec(0.7), vec(-0.7), vec(0.7), vec(-0.7)])).toContain("volatile");
  });
});
