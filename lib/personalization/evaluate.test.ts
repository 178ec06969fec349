// Ranking metrics against hand-computed values, the time-based holdout, and the quality target: ALS against the
// popularity baseline on generated data with latent tastes (NDCG@10 at least 1.5× popularity's).
import { describe, expect, test } from "vitest";
import { evaluateRankings, ndcgAt, recallAt } from "./evaluate";
import { indexInteractions, timeHoldout, type InteractionRecord } from "./dataset";
import { generateTasteData } from "./synthetic";
import { artifactChecksum, DEFAULT_TRAINING_PARAMS, resolveBprTrainer, trainRecommender } from "./train";
import { PARALLEL_MIN_POSITIVES } from "./bpr-stratified";
import { buildMatrix } from "./matrix";

describe("ranking metrics", () => {
  test("NDCG@10 and recall@10 match values computed by hand", () => {
    // Hits at ranks 2 and 4 of three relevant items: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3 + 1/log2 4).
    expect(ndcgAt([3, 7, 1, 9], new Set([7, 9, 42]))).toBeCloseTo(1.0616063116448506 / 2.1309297535714578, 12);
    expect(ndcgAt([3, 7, 1, 9], new Set([7, 9, 42]))).toBeCloseTo(0.498189257, 8);
    expect(recallAt([3, 7, 1, 9], new Set([7, 9, 42]))).toBeCloseTo(2 / 3, 12);
    expect(ndcgAt([5, 2], new Set([5]))).toBe(1);
    expect(ndcgAt([5, 2], new Set([2]))).toBeCloseTo(0.6309297535714575, 12);
    expect(ndcgAt([5, 2], new Set([8]))).toBe(0);
    // Only the top k count: a hit at rank 11 is worth nothing.
    expect(ndcgAt([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], new Set([10]))).toBe(0);
  });

  test("averages over every evaluated user, counting users the model cannot serve as zero", () => {
    const holdout = { train: new Uint8Array(), seen: new Map(), relevant: new Map([[0, new Set([1])], [1, new Set([2])]]) };
    const m = evaluateRankings(holdout, 4, (u) => (u === 0 ? [1, 0] : null));
    expect(m).toEqual({ ndcgAt10: 0.5, recallAt10: 0.5, hitRate: 0.5, userCoverage: 0.5, itemCoverage: 0.5, users: 2 });
  });
});

describe("the time-based holdout", () => {
  test("holds out each user's last interactions; relevant items are new positives after the cut", () => {
    const r = (userId: string, itemId: string, at: number, type: InteractionRecord["type"] = "play"): InteractionRecord => ({ userId, itemId, type, at });
    const records = [
      r("a", "x", 1), r("a", "y", 2), r("a", "z", 3), r("a", "w", 4), r("a", "x", 6), r("a", "v", 5),
      r("b", "x", 1), r("b", "y", 2), r("b", "z", 9), r("b", "w", 3, "dislike"), r("b", "v", 4, "like"),
      // c has too few distinct positives to be evaluated; v/w need two positives to stay in the catalog.
      r("c", "v", 1), r("c", "w", 2),
    ];
    const data = indexInteractions(records);
    const h = timeHoldout(data, 0.34);
    const id = (i: number) => data.itemIds[i];
    const names = (m: Map<number, Set<number>>) => Object.fromEntries([...m].map(([u, s]) => [data.userIds[u], [...s].map(id).sort()]));
    // a: 6 interactions, last 2 (v at 5, x at 6) held out; x was seen before, so only v is relevant.
    // b: 5 interactions, last 1 (z at 9) held out.
    expect(names(h.relevant)).toEqual({ a: ["v"], b: ["z"] });
    expect(names(h.seen)).toEqual({ a: ["w", "x", "y", "z"], b: ["v", "w", "x", "y"], c: ["v", "w"] });
    expect([...h.train].filter((x) => !x)).toHaveLength(3);
  });
});

describe("quality on generated tastes", () => {
  const { interactions } = generateTasteData({ users: 1500, items: 400, topics: 4, interactionsPerUser: 30, seed: 7, end: Date.UTC(2026, 10, 30), days: 60 });

  test("ALS and BPR each reach at least 1.5× the popularity baseline's NDCG@10; the better one is kept, and the checksum covers the artifact", async () => {
    const started = performance.now();
    const model = (await trainRecommender(interactions, DEFAULT_TRAINING_PARAMS))!;
    const ms = performance.now() - started;
    const e = model.evaluation;
    const c = e.candidates!;
    const line = (name: string, m: { ndcgAt10: number; recallAt10: number; itemCoverage: number }) =>
      `${name} ndcg@10 ${m.ndcgAt10.toFixed(4)} recall@10 ${m.recallAt10.toFixed(4)} itemCoverage ${m.itemCoverage.toFixed(3)}`;
    console.log(`${line("ALS", c.als!)}; ${line("BPR", c.bpr!)}; ${line("popularity", e.popularity)}; kept ${model.manifest.algorithm}, ratio ${e.ndcgRatio?.toFixed(2)}; ${interactions.length} interactions in ${Math.round(ms)} ms`);
    expect(e.model.users).toBeGreaterThan(1000);
    for (const m of [c.als!, c.bpr!]) {
      expect(m.ndcgAt10 / e.popularity.ndcgAt10).toBeGreaterThanOrEqual(1.5);
      expect(m.itemCoverage).toBeGreaterThan(e.popularity.itemCoverage);
    }
    const best = c.bpr!.ndcgAt10 > c.als!.ndcgAt10 ? "bpr" : "als";
    expect(model.manifest.algorithm).toBe(best);
    expect(e.model).toEqual(c[best]);
    expect(e.ndcgRatio!).toBeGreaterThanOrEqual(1.5);
    expect(e.beatsBaseline).toBe(true);
    // BPR's vectors carry the item bias in one more column.
    const dimension = best === "bpr" ? 33 : 32;
    expect(model.manifest).toMatchObject({ users: model.userIds.length, items: model.itemIds.length, dimension });
    expect(model.userFactors).toHaveLength(model.userIds.length * dimension);
    expect(model.itemFactors).toHaveLength(model.itemIds.length * dimension);
    expect(model.manifest.sha256).toBe(artifactChecksum(model));
    const tampered = { ...model, itemFactors: model.itemFactors.slice() };
    tampered.itemFactors[0] += 1;
    expect(artifactChecksum(tampered)).not.toBe(model.manifest.sha256);
  }, 60_000);

  test("asked for one algorithm, it trains and reports only that one", async () => {
    const model = (await trainRecommender(interactions, { ...DEFAULT_TRAINING_PARAMS, algorithms: ["als"] }))!;
    expect(model.manifest.algorithm).toBe("als");
    expect(Object.keys(model.evaluation.candidates!)).toEqual(["als"]);
    expect(model.manifest.dimension).toBe(32);
  }, 60_000);

  test("BPR by stratified SGD also reaches 1.5× popularity, and its model is not the sequential trainer's, which `auto` picks on this small set", async () => {
    const params = { ...DEFAULT_TRAINING_PARAMS, algorithms: ["bpr" as const] };
    const sequential = (await trainRecommender(interactions, params))!;
    expect(sequential.manifest.params.bprTrainer).toBe("sequential");
    const stratified = (await trainRecommender(interactions, { ...params, bprTrainer: "stratified" }))!;
    const e = stratified.evaluation;
    expect(e.candidates!.bpr!.ndcgAt10 / e.popularity.ndcgAt10).toBeGreaterThanOrEqual(1.5);
    expect(stratified.manifest.params).toMatchObject({ bprTrainer: "stratified", bprBlocks: 8 });
    expect(stratified.manifest.sha256).not.toBe(sequential.manifest.sha256);
  }, 60_000);

  test("`auto` trains BPR by stratified SGD from PARALLEL_MIN_POSITIVES liked cells (negative cells do not count), sequentially below", () => {
    const matrixWith = (liked: number, disliked: number) => {
      const n = liked + disliked;
      const rows = Int32Array.from({ length: n }, (_, k) => Math.floor(k / 50));
      const cols = Int32Array.from({ length: n }, (_, k) => k % 50);
      const weights = Float64Array.from({ length: n }, (_, k) => (k < liked ? 1 : -3));
      return buildMatrix({ rows: Math.ceil(n / 50), cols: 50 }, { rows, cols, weights }, 3);
    };
    expect(resolveBprTrainer("auto", matrixWith(PARALLEL_MIN_POSITIVES, 0))).toBe("stratified");
    expect(resolveBprTrainer("auto", matrixWith(PARALLEL_MIN_POSITIVES - 1, 50))).toBe("sequential");
    expect(resolveBprTrainer("sequential", matrixWith(PARALLEL_MIN_POSITIVES, 0))).toBe("sequential");
    expect(resolveBprTrainer("stratified", matrixWith(10, 0))).toBe("stratified");
  });
});
