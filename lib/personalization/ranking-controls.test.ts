import { describe, expect, test } from "vitest";
import { mmr, rankHybrid } from "./hybrid";
import { controlsFor, recencyBoost, resolveControls, type ItemMeta } from "./ranking-controls";
import { isRankingExperiment, rankingParametersOf } from "./ranking-experiment";
import { DEFAULT_PERSONA_FALLBACK, fallbackAffinity, fallbackReason, personaFallbackSchema } from "./personas/fallback";

const DAY = 86_400_000;

describe("ranking controls", () => {
  test("recency boost: b at age 0 (and for a future date), halved every half-life, nothing without a date", () => {
    const now = Date.UTC(2026, 11, 1);
    expect(recencyBoost(now, now, 0.4, 7)).toBe(0.4);
    expect(recencyBoost(now + DAY, now, 0.4, 7)).toBe(0.4);
    expect(recencyBoost(now - 7 * DAY, now, 0.4, 7)).toBeCloseTo(0.2, 12);
    expect(recencyBoost(now - 14 * DAY, now, 0.4)).toBeCloseTo(0.1, 12);
    expect(recencyBoost(null, now, 0.4)).toBe(0);
    expect(recencyBoost(now, now, 0)).toBe(0);
  });

  test("each control comes from the first source that sets it (variant, then request, then project)", () => {
    expect(resolveControls({ creatorCap: 1 }, { creatorCap: 3, recencyBoost: 0.2 }, { recencyBoost: 0.5, recencyHalfLifeDays: 3 })).toEqual({ creatorCap: 1, recencyBoost: 0.2, recencyHalfLifeDays: 3 });
    expect(resolveControls(undefined, {}, {})).toEqual({});
  });

  test("an experiment variant may set the controls; an out-of-range value names the experiment, variant and parameter", () => {
    expect(rankingParametersOf("exp", { key: "b", parameters: { creatorCap: 2, recencyBoost: 0.3, other: "x" } })).toEqual({ creatorCap: 2, recencyBoost: 0.3 });
    expect(() => rankingParametersOf("exp", { key: "b", parameters: { creatorCap: 0 } })).toThrow(/Experiment "exp" variant "b": parameter creatorCap/);
    const metric = { impressions: {} } as never;
    expect(isRankingExperiment({ variants: [{ parameters: { recencyBoost: 0.2 } }] as never, goalMetrics: [metric], guardrails: [] })).toBe(true);
  });

  test("MMR with a creator cap passes over a capped creator's items", () => {
    // Items 0..3 near-duplicates, 4..5 another group; creators: 0, 1 X; 2, 3 Y; 4, 5 Z.
    const group = (i: number) => (i < 4 ? 0 : 1);
    const sim = (a: number, b: number) => (group(a) === group(b) ? 0.95 : 0);
    const rel = (i: number) => 1 - i * 0.05;
    const creator = (i: number) => ["X", "X", "Y", "Y", "Z", "Z"][i];
    const admit = (i: number, picked: readonly number[]) => picked.filter((p) => creator(p) === creator(i)).length < 1;
    expect(mmr([0, 1, 2, 3, 4, 5], rel, sim, 0.7, 3)).toEqual([0, 4, 1]);
    // Without 1 (X is capped): 2 scores 0.7·0.9 − 0.3·0.95 = 0.345, 3 0.31, 5 0.7·0.75 − 0.3·0.95 = 0.24.
    expect(mmr([0, 1, 2, 3, 4, 5], rel, sim, 0.7, 3, admit)).toEqual([0, 4, 2]);
  });

  test("a cap widens the candidate pool until the list is full, and the category filter calibrates among the kept", () => {
    const ids = ["a", "b", "c", "d", "e"];
    const meta = new Map<string, ItemMeta>(ids.map((id, i) => [id, { categories: [i % 2 ? "odd" : "even"], creator: i < 4 ? "A" : "B", publishedAt: null }]));
    const cf = Float64Array.from([1, 0.9, 0.8, 0.7, 0.6]);
    const capped = controlsFor(ids, meta, { creatorCap: 1 }, [], 0);
    expect(rankHybrid({ cf, items: 5, alpha: 1, limit: 2, controls: capped.controls }).map((r) => r.index)).toEqual([0, 4]);
    const odd = controlsFor(ids, meta, {}, ["odd"], 0);
    expect(rankHybrid({ cf, items: 5, alpha: 1, limit: 5, skip: odd.outOfCategory! }).map((r) => [r.index, r.score])).toEqual([[1, 1], [3, 0]]);
  });
});

describe("static persona affinity table", () => {
  test("a detected tone picks its row, several tones average, none falls back to the default row", () => {
    const t = DEFAULT_PERSONA_FALLBACK;
    expect([...fallbackAffinity(t, ["anxiety"]).affinity]).toEqual([["mentor", 0.6], ["coach", 0.3], ["expert", 0.1]]);
    const mixed = fallbackAffinity(t, ["frustration", "confusion"]);
    expect(mixed.basis).toEqual(["frustration", "confusion"]);
    expect(mixed.affinity.get("expert")).toBeCloseTo(0.45, 12);
    expect(mixed.affinity.get("mentor")).toBeCloseTo(0.375, 12);
    expect(fallbackAffinity(t, []).basis).toEqual(["default"]);
    expect(fallbackAffinity(t, ["not-a-tone"]).affinity.get("mentor")).toBe(0.4);
    expect(fallbackReason(0.6, ["anxiety"])).toBe("fallback: static affinity 60% for a message showing anxiety");
    expect(fallbackReason(0.4, ["default"])).toBe("fallback: static affinity 40% for a message with no detected tone");
  });

  test("a project's table is validated: affinities in [0, 1], known tones, a non-empty default row", () => {
    expect(personaFallbackSchema.safeParse({ default: { guide: 1 }, tones: { joy: { cheerleader: 0.9 } } }).success).toBe(true);
    expect(personaFallbackSchema.safeParse({ default: { guide: 1.5 } }).success).toBe(false);
    expect(personaFallbackSchema.safeParse({ default: {} }).success).toBe(false);
    expect(personaFallbackSchema.safeParse({ default: { guide: 1 }, tones: { bored: { guide: 1 } } }).success).toBe(false);
  });
});
