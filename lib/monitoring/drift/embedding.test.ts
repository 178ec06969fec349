import { describe, expect, it } from "vitest";
import { domainClassifierAuc, rocAuc } from "./classifier";
import { computeDrift } from "./compute";
import { fnv1a32 } from "@/lib/primitives/fnv1a";
import { hashedNgramEmbedder, tokenize } from "./embedding";

const embedder = hashedNgramEmbedder();

describe("hashed n-gram embedding", () => {
  it("is deterministic, fixed-size and L2-normalised", () => {
    const [a, b, empty] = embedder.embedSync(["How do I reset my password?", "How do I reset my password?", ""]);
    expect(a).toHaveLength(256);
    expect(a).toEqual(b);
    expect(Math.hypot(...a)).toBeCloseTo(1, 12);
    expect(empty.every((v) => v === 0)).toBe(true);
    expect(fnv1a32("hello")).toBe(0x4f9f2cab); // published FNV-1a 32-bit test vector
  });

  it("puts related texts closer than unrelated ones", () => {
    const [q, near, far] = embedder.embedSync(["reset my password please", "please reset the password", "quarterly revenue forecast for EMEA"]);
    const cos = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(cos(q, near)).toBeGreaterThan(cos(q, far) + 0.3);
  });

  it("normalises case and Unicode before tokenising", () => {
    expect(tokenize("Ｈｅｌｌｏ, WORLD! déjà-vu")).toEqual(["hello", "world", "déjà", "vu"]);
  });
});

describe("domain classifier", () => {
  it("ROC AUC is the Mann-Whitney U with ties split", () => {
    // AUC = U / (n_pos * n_neg): scipy.stats.mannwhitneyu([0.35, 0.8, 0.4], [0.1, 0.4, 0.4]).statistic / 9 = 0.6666666666666666
    expect(rocAuc([0.1, 0.4, 0.35, 0.8, 0.4, 0.4], [0, 0, 1, 1, 0, 1])).toBeCloseTo(2 / 3, 12);
  });

  it("detects a topic shift in prompts but not a resample of the same topics", () => {
    const support = ["reset my password", "cannot log in to my account", "billing charged twice", "update credit card", "cancel subscription", "two factor code not arriving"];
    const coding = ["fix this typescript error", "write a python function to parse csv", "explain this regex", "optimise my sql query", "why does my react hook rerender", "convert json to yaml"];
    const sample = (pool: string[], n: number, offset: number) => Array.from({ length: n }, (_, i) => `${pool[(i * 7 + offset) % pool.length]} #${i % 13}`);
    const ref = embedder.embedSync(sample(support, 200, 0));
    const sameTopic = embedder.embedSync(sample(support, 200, 3));
    const shifted = embedder.embedSync([...sample(support, 100, 1), ...sample(coding, 100, 0)]);
    const stable = domainClassifierAuc(ref, sameTopic);
    const drifted = domainClassifierAuc(ref, shifted);
    expect(stable.auc).toBeLessThan(0.6);
    expect(drifted.auc).toBeGreaterThan(0.6); // half the rows moved: the ceiling is ~0.75
    const r = computeDrift({ reference: {}, current: {}, embeddings: { reference: ref, current: shifted } });
    expect(r.features[0].drifted).toBe(true);
    expect(Number(r.features[0].details?.cosineDistance)).toBeGreaterThan(0);
  });
});
