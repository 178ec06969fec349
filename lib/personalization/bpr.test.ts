// BPR on small matrices with known structure: own-group items outrank the other group's, the sampled ranking accuracy
// climbs across epochs, the same seed gives the same model, a different seed a different one, and the bias column.
import { describe, expect, test } from "vitest";
import { rng } from "@/lib/primitives/random";
import { scoreAll, topK } from "./als";
import { epochLearningRate, trainBpr, type BprParams } from "./bpr";
import { buildMatrix } from "./matrix";

/** Two taste groups: users 0..9 like 6 of items 0..9, users 10..19 6 of items 10..19. */
function blocks() {
  const next = rng(11);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let u = 0; u < 20; u++) {
    const base = u < 10 ? 0 : 10;
    const chosen = new Set<number>();
    while (chosen.size < 6) chosen.add(base + Math.floor(next() * 10));
    for (const i of chosen) {
      rows.push(u);
      cols.push(i);
    }
  }
  return buildMatrix({ rows: 20, cols: 20 }, { rows: Int32Array.from(rows), cols: Int32Array.from(cols), weights: new Float64Array(rows.length).fill(1) }, 1);
}

const params: BprParams = { factors: 4, learningRate: 0.1, regularization: 0.1, epochs: 200, seed: 3 };

describe("BPR", () => {
  test("on block-structured tastes every user's unseen own-group items outrank every item of the other group", () => {
    const m = blocks();
    const model = trainBpr(m, params);
    const d = model.dimension;
    expect(d).toBe(5);
    for (let u = 0; u < 20; u++) {
      const seen = new Set(m.indices.slice(m.indptr[u], m.indptr[u + 1]));
      const scores = scoreAll(model.userFactors.subarray(u * d, (u + 1) * d), model.itemFactors, d);
      const top = topK(scores, 4, (i) => seen.has(i));
      for (const i of top) expect(i < 10, `user ${u} got item ${i}`).toBe(u < 10);
      const own = [...scores].filter((_, i) => i < 10 === u < 10);
      const other = [...scores].filter((_, i) => i < 10 !== u < 10);
      expect(Math.min(...own), `user ${u}`).toBeGreaterThan(Math.max(...other));
    }
  });

  test("sampled ranking accuracy climbs from chance to above 0.85 (unseen own-group items are negatives too); the same seed gives the same model", () => {
    const m = blocks();
    const model = trainBpr(m, { ...params, epochs: 60 }, { trackAuc: true });
    expect(model.sampledAuc).toHaveLength(60);
    expect(model.sampledAuc[0]).toBeLessThan(0.75);
    expect(model.sampledAuc.slice(-5).reduce((s, x) => s + x, 0) / 5).toBeGreaterThan(0.85);
    const again = trainBpr(m, { ...params, epochs: 60 });
    expect([...again.itemFactors]).toEqual([...model.itemFactors]);
    const other = trainBpr(m, { ...params, epochs: 60, seed: 4 });
    expect([...other.itemFactors]).not.toEqual([...model.itemFactors]);
  });

  test("user vectors end in a constant 1 and item biases rank a universally liked item first", () => {
    // Every user likes item 0; half also like item 1; nobody likes 2..5.
    const rows: number[] = [];
    const cols: number[] = [];
    for (let u = 0; u < 10; u++) {
      rows.push(u);
      cols.push(0);
      if (u % 2) {
        rows.push(u);
        cols.push(1);
      }
    }
    const m = buildMatrix({ rows: 10, cols: 6 }, { rows: Int32Array.from(rows), cols: Int32Array.from(cols), weights: new Float64Array(rows.length).fill(1) }, 1);
    const model = trainBpr(m, { ...params, factors: 2 });
    for (let u = 0; u < 10; u++) expect(model.userFactors[u * 3 + 2]).toBe(1);
    const bias = (i: number) => model.itemFactors[i * 3 + 2];
    expect(bias(0)).toBeGreaterThan(bias(1));
    for (let i = 2; i < 6; i++) expect(bias(1)).toBeGreaterThan(bias(i));
  });

  test("learning-rate decay: linear from the first epoch's rate to the last's; unset or equal, the constant-rate model bit for bit", () => {
    const decay = { learningRate: 0.05, finalLearningRate: 0.01, epochs: 5 };
    expect([0, 1, 2, 3, 4].map((e) => epochLearningRate(decay, e))).toEqual([0.05, 0.04, 0.03, 0.02, 0.01].map((x) => expect.closeTo(x, 15)));
    expect(epochLearningRate({ learningRate: 0.05, epochs: 5 }, 3)).toBe(0.05);
    expect(epochLearningRate({ ...decay, epochs: 1 }, 0)).toBe(0.05);
    const m = blocks();
    const constant = trainBpr(m, { ...params, epochs: 20 });
    expect([...trainBpr(m, { ...params, epochs: 20, finalLearningRate: params.learningRate }).itemFactors]).toEqual([...constant.itemFactors]);
    expect([...trainBpr(m, { ...params, epochs: 20, finalLearningRate: 0.01 }).itemFactors]).not.toEqual([...constant.itemFactors]);
  });
});
