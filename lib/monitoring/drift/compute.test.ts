import { describe, expect, it } from "vitest";
import { gaussian, rng } from "../../primitives/random";
import { computeDrift } from "./compute";
import { chiSquare, countValues, histogramShares, jensenShannon, proportions, psi, wasserstein1, wassersteinNormed } from "./distances";
import { A, B, CUR_CATS, REF_CATS } from "../../../tests/support/drift-samples";
import { computeDriftInputSchema } from "./schema";

describe("distances agree with scipy / Evidently", () => {
  it("Wasserstein: stats.wasserstein_distance(A, B) = 1.39732; / np.std(A) = 0.8922520965088245", () => {
    expect(wasserstein1(A, B)).toBeCloseTo(1.3973200000000003, 10);
    expect(wassersteinNormed(A, B)).toBeCloseTo(0.8922520965088245, 10);
  });

  it("chi-square: stats.chisquare([30,30,25], [50,30,20] * 85/100) -> 8.235294117647058, p 0.016282781831675537", () => {
    const r = chiSquare(countValues(REF_CATS), countValues(CUR_CATS));
    expect(r.statistic).toBeCloseTo(8.235294117647058, 10);
    expect(r.pValue).toBeCloseTo(0.016282781831675537, 8);
  });

  it("a category unseen in the reference is infinite chi-square, p = 0", () => {
    expect(chiSquare(countValues(["a", "b"]), countValues(["a", "c"]))).toEqual({ statistic: Infinity, pValue: 0 });
  });

  it("Jensen–Shannon: distance.jensenshannon(p, q, base=2) = 0.13132466331328027 (natural log: 0.10933495400020364)", () => {
    const s = proportions(countValues(REF_CATS), countValues(CUR_CATS));
    expect(jensenShannon(s.ref, s.cur)).toBeCloseTo(0.13132466331328027, 12);
    expect(jensenShannon(s.ref, s.cur, Math.E)).toBeCloseTo(0.10933495400020364, 12);
  });

  it("PSI: sum((r - c) * ln(r / c)) = 0.09612316126574777; with Evidently zero filling 0.4400488848170414", () => {
    const s = proportions(countValues(REF_CATS), countValues(CUR_CATS));
    expect(psi(s.ref, s.cur)).toBeCloseTo(0.09612316126574777, 12);
    const z = proportions(countValues(REF_CATS), countValues([...Array(30).fill("a"), ...Array(30).fill("b"), ...Array(20).fill("c"), ...Array(5).fill("d")]));
    expect(psi(z.ref, z.cur)).toBeCloseTo(0.4400488848170414, 10);
  });

  it("Sturges histogram like np.histogram_bin_edges(bins='sturges'): 7 bins, JS(base 2) 0.3830644143734156", () => {
    const h = histogramShares(A, B);
    expect(h.ref).toHaveLength(7);
    expect(jensenShannon(h.ref, h.cur)).toBeCloseTo(0.3830644143734156, 12);
  });
});

describe("computeDrift", () => {
  const normal = (seed: number, n: number, mu = 0, sd = 1) => {
    const g = gaussian(rng(seed));
    return Array.from({ length: n }, () => mu + sd * g());
  };

  it("picks KS / chi-square for small samples and reports drift per feature", () => {
    const r = computeDrift({
      reference: { latency: A, model: REF_CATS, stable: normal(1, 200) },
      current: { latency: B, model: CUR_CATS, stable: normal(2, 200) },
    });
    const by = Object.fromEntries(r.features.map((f) => [f.name, f]));
    expect(by.latency).toMatchObject({ kind: "numeric", test: "ks", threshold: 0.05, drifted: true });
    expect(by.latency.pValue).toBeCloseTo(0.013377063607491522, 12);
    expect(by.model).toMatchObject({ kind: "categorical", test: "chisquare", drifted: true });
    expect(by.stable).toMatchObject({ test: "ks", drifted: false });
    expect(r.dataset).toMatchObject({ drifted: true, driftedFeatures: 2, features: 3, threshold: 0.5 });
    expect(r.dataset.share).toBeCloseTo(2 / 3);
  });

  it("picks normalised Wasserstein / Jensen–Shannon for large samples", () => {
    const cats = (seed: number, pB: number) => {
      const u = rng(seed);
      return Array.from({ length: 5000 }, () => (u() < pB ? "b" : "a"));
    };
    const r = computeDrift({
      reference: { x: normal(3, 5000), c: cats(5, 0.3), same: normal(7, 5000) },
      current: { x: normal(4, 5000, 0.25), c: cats(6, 0.5), same: normal(8, 5000) },
    });
    const [x, c, same] = r.features;
    expect(x).toMatchObject({ test: "wasserstein", drifted: true });
    expect(x.statistic).toBeGreaterThan(0.2);
    expect(c).toMatchObject({ test: "jensenshannon", drifted: true });
    expect(same).toMatchObject({ test: "wasserstein", drifted: false });
  });

  it("treats low-cardinality numbers as categories, drops nulls, and honours overrides", () => {
    const r = computeDrift({
      reference: { rating: [1, 2, 3, 4, 5, 5, 4, null], score: A },
      current: { rating: [1, 2, 3, 4, 5, 5, 5, 5], score: B },
      options: { perFeature: { score: "psi" } },
      thresholds: { psi: 0.2 },
    });
    expect(r.features[0]).toMatchObject({ kind: "categorical", test: "chisquare", sizes: { reference: 7, current: 8 } });
    expect(r.features[1]).toMatchObject({ test: "psi", threshold: 0.2 });
  });

  it("adds an embedding verdict from the domain classifier", () => {
    const rows = (seed: number, shift: number) => {
      const g = gaussian(rng(seed));
      return Array.from({ length: 300 }, () => Array.from({ length: 16 }, (_, k) => g() + (k < 4 ? shift : 0)));
    };
    const same = computeDrift({ reference: {}, current: {}, embeddings: { reference: rows(1, 0), current: rows(2, 0) } });
    const moved = computeDrift({ reference: {}, current: {}, embeddings: { reference: rows(1, 0), current: rows(3, 0.5) } });
    expect(same.features[0]).toMatchObject({ kind: "embedding", test: "domain_classifier", threshold: 0.55, drifted: false });
    expect(moved.features[0].drifted).toBe(true);
    expect(moved.features[0].statistic).toBeGreaterThan(0.65); // Bayes-optimal AUC here is Phi(1/sqrt 2) = 0.76
    expect(Number(moved.features[0].details?.euclideanDistance)).toBeGreaterThan(Number(same.features[0].details?.euclideanDistance));
  });

  it("rejects malformed input through the exported schema", () => {
    expect(computeDriftInputSchema.safeParse({ reference: { x: [1, "a", null] }, current: { x: [2] } }).success).toBe(true);
    expect(computeDriftInputSchema.safeParse({ reference: { x: [Number.NaN] }, current: { x: [2] } }).success).toBe(false);
    expect(computeDriftInputSchema.safeParse({ reference: {}, current: {}, embeddings: { reference: [[1, 2]], current: [[1]] } }).success).toBe(false);
    expect(computeDriftInputSchema.safeParse({ reference: {}, current: {}, thresholds: { ks: 2 } }).success).toBe(false);
  });

  it("handles 100k reference + 100k current records quickly", () => {
    const n = 100_000;
    const u = rng(11);
    const g = gaussian(u);
    const make = (shift: number) => ({
      tokens: Array.from({ length: n }, () => 500 + 100 * g() + shift),
      latency: Array.from({ length: n }, () => Math.exp(g() + shift / 100)),
      model: Array.from({ length: n }, () => (u() < 0.6 ? "gpt" : u() < 0.5 ? "claude" : "llama")),
    });
    const reference = make(0);
    const current = make(20);
    const cpu = process.cpuUsage(); // CPU time, not wall time: other processes on the machine do not count
    const r = computeDrift({ reference, current });
    const used = process.cpuUsage(cpu);
    const elapsed = (used.user + used.system) / 1000;
    expect(r.features.map((f) => f.test)).toEqual(["wasserstein", "wasserstein", "jensenshannon"]);
    expect(elapsed).toBeLessThan(5000); // budget is 10 s; typically well under 1 s
  });
});
