import { describe, expect, test } from "vitest";
import { driftedClusters, kmeans, twoProportionPValue } from "./clusters";
import { hashedNgramEmbedder } from "./embedding";
import { rng } from "../../primitives/random";

const support = [
  "How do I reset my password?",
  "Can I export my invoices as CSV?",
  "Why was my card declined?",
  "How do I invite a teammate to my workspace?",
  "What is the difference between the Pro and Team plans?",
];
const travel = [
  "Quel est le meilleur itinéraire pour visiter Lyon en train ?",
  "Peux-tu réserver un hôtel près de la gare de Lyon pour vendredi ?",
  "Quels sont les horaires du train de nuit pour Lyon ?",
];

function sample(n: number, seed: number, driftShare: number) {
  const rand = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const pool = rand() < driftShare ? travel : support;
    return `${pool[Math.floor(rand() * pool.length)]} (ticket ${i % 17})`;
  });
}

describe("drifted clusters", () => {
  const embed = hashedNgramEmbedder({ dimension: 128 }).embedSync;

  test("a new topic in the current window is found as over-represented clusters, with its own prompts as examples", () => {
    const refTexts = sample(400, 1, 0);
    const curTexts = sample(400, 2, 0.3);
    const clusters = driftedClusters({ vectors: embed(refTexts), texts: refTexts }, { vectors: embed(curTexts), texts: curTexts });
    expect(clusters.length).toBeGreaterThanOrEqual(1);
    const top = clusters[0];
    const travelShare = curTexts.filter((t) => travel.some((q) => t.startsWith(q))).length / curTexts.length;
    expect(top.referenceShare).toBe(0);
    // Every cluster found is travel, and together they hold (nearly all of) the travel prompts: a sliver split off
    // into a cluster too small to be significant may stay unreported.
    const total = clusters.reduce((s, c) => s + c.currentShare, 0);
    expect(total).toBeLessThanOrEqual(travelShare + 1e-9);
    expect(total).toBeGreaterThan(0.9 * travelShare);
    for (const c of clusters) {
      expect(c.examples.length).toBeGreaterThan(0);
      expect(c.examples.length).toBeLessThanOrEqual(3);
      for (const e of c.examples) expect(travel.some((q) => e.startsWith(q))).toBe(true);
      expect(c.pValue).toBeLessThan(0.01);
    }
    expect(clusters.flatMap((c) => c.terms)).toContain("lyon");
  });

  test("no cluster is reported when both windows come from the same distribution", () => {
    const refTexts = sample(400, 3, 0.2);
    const curTexts = sample(400, 4, 0.2);
    expect(driftedClusters({ vectors: embed(refTexts), texts: refTexts }, { vectors: embed(curTexts), texts: curTexts })).toEqual([]);
  });

  test("stable prompts sharing a system prompt report nothing over many samples; a new topic mixed into them is found whole", () => {
    // Every prompt carries the same long system prompt, as a chat input's text does: the topics differ only in the
    // user message, so k-means on the current window alone mixed a new topic with old ones.
    const system = "You are Acme's support assistant. Answer from the provided articles only, politely and briefly.";
    const withSystem = (texts: string[]) => embed(texts.map((t) => `${system}\n${t}`));
    for (let seed = 10; seed < 16; seed++) {
      const refTexts = sample(300, seed, 0.1);
      const curTexts = sample(300, seed + 100, 0.1);
      expect(driftedClusters({ vectors: withSystem(refTexts), texts: refTexts }, { vectors: withSystem(curTexts), texts: curTexts }), `seed ${seed}`).toEqual([]);
    }
    const refTexts = sample(300, 30, 0);
    const curTexts = sample(300, 31, 0.12);
    const clusters = driftedClusters({ vectors: withSystem(refTexts), texts: refTexts }, { vectors: withSystem(curTexts), texts: curTexts });
    const travelCount = curTexts.filter((t) => travel.some((q) => t.startsWith(q))).length;
    expect(clusters).toHaveLength(1);
    expect(clusters[0].referenceCount).toBe(0);
    expect(clusters[0].currentCount).toBeGreaterThan(0.8 * travelCount);
    for (const e of clusters[0].examples) expect(travel.some((q) => e.startsWith(q))).toBe(true);
  });

  test("deterministic for a seed; too few points report nothing", () => {
    const texts = sample(120, 5, 0.5);
    const v = embed(texts);
    expect(kmeans(v, 4, { seed: 9 }).assignment).toEqual(kmeans(v, 4, { seed: 9 }).assignment);
    expect(driftedClusters({ vectors: v.slice(0, 5), texts }, { vectors: v, texts })).toEqual([]);
  });

  test("two-proportion z-test matches the textbook value", () => {
    // 30/100 vs 15/100: pooled p = 0.225, z = 0.15 / sqrt(0.225 * 0.775 * 0.02) = 2.5400, two-sided p = 2 (1 − Φ(2.54)) = 0.011085
    // (statsmodels proportions_ztest([30, 15], [100, 100]) gives the same).
    expect(twoProportionPValue(30, 100, 15, 100)).toBeCloseTo(0.011085, 5);
    expect(twoProportionPValue(10, 100, 10, 100)).toBeCloseTo(1, 10);
  });
});
