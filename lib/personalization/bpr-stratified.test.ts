// Stratified BPR (DSGD): one triple checked against the update written out by hand, taste groups recovered, the
// strata's block pairs disjoint in users and items, and bit-for-bit the same factors on one thread, on two workers,
// with the pairs trained in reverse order, and with a busy pool.
import { afterAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { computeWorkerEntry } from "@/lib/compute/compute-pool";
import { WorkerPool } from "@/lib/compute/worker-pool";
import { rng } from "@/lib/primitives/random";
import { scoreAll } from "./als";
import { initialBprFactors, positivesOf } from "./bpr";
import { emptyLayout, itemBlockOf, layoutEpoch, trainBlockPair, type BprStratum } from "./bpr-strata";
import { trainBprStratified, type StratifiedBprParams } from "./bpr-stratified";
import { buildMatrix } from "./matrix";

const pool = new WorkerPool({ entry: computeWorkerEntry(), size: 2, maxQueue: 4 });
afterAll(() => pool.close());

function matrixOf(rows: number, cols: number, cells: [number, number][]) {
  const r = Int32Array.from(cells.map(([u]) => u));
  const c = Int32Array.from(cells.map(([, i]) => i));
  return buildMatrix({ rows, cols }, { rows: r, cols: c, weights: new Float64Array(cells.length).fill(1) }, 1);
}

// 300 users × 120 items: two taste groups (users < 150 like items < 60, mostly), 4-30 positives each.
const tastes = (() => {
  const next = rng(5);
  const cells: [number, number][] = [];
  for (let u = 0; u < 300; u++) {
    const n = 4 + Math.floor(next() * 27);
    for (let k = 0; k < n; k++) {
      const own = next() < 0.9;
      const base = (u < 150) === own ? 0 : 60;
      cells.push([u, base + Math.floor(next() * next() * 60)]);
    }
  }
  return matrixOf(300, 120, cells);
})();
// The learning rate decays as in the default parameters, so the reproducibility checks cover the per-epoch rate.
const params: StratifiedBprParams = { factors: 8, learningRate: 0.05, finalLearningRate: 0.01, regularization: 0.01, epochs: 12, seed: 9, blocks: 4 };

describe("stratified BPR (DSGD)", () => {
  test("one user, one liked item of two, one block, one epoch: exactly one step of the BPR update from the seeded start", async () => {
    const m = matrixOf(1, 2, [[0, 0]]);
    const p = { ...params, factors: 3, learningRate: 0.1, regularization: 0.05, epochs: 1, blocks: 1 };
    const start = initialBprFactors(m, p);
    const x = start.userFactors;
    const y = start.itemFactors;
    // x̂_u01 = x·(y0 − y1) + (b0 − b1); z = σ(−x̂); each parameter moves by lr · (±z · gradient − λ · itself).
    let xhat = y[3] - y[7];
    for (let a = 0; a < 3; a++) xhat += x[a] * (y[a] - y[4 + a]);
    const z = 1 / (1 + Math.exp(xhat));
    const expectedUser = [0, 1, 2].map((a) => x[a] + 0.1 * (z * (y[a] - y[4 + a]) - 0.05 * x[a]));
    const expectedItem0 = [0, 1, 2].map((a) => y[a] + 0.1 * (z * x[a] - 0.05 * y[a]));
    const expectedItem1 = [0, 1, 2].map((a) => y[4 + a] + 0.1 * (-z * x[a] - 0.05 * y[4 + a]));
    const model = await trainBprStratified(m, p, { trackAuc: true });
    expect(model.dimension).toBe(4);
    for (let a = 0; a < 3; a++) {
      expect(model.userFactors[a]).toBeCloseTo(expectedUser[a], 14);
      expect(model.itemFactors[a]).toBeCloseTo(expectedItem0[a], 14);
      expect(model.itemFactors[4 + a]).toBeCloseTo(expectedItem1[a], 14);
    }
    expect(model.userFactors[3]).toBe(1);
    expect(model.itemFactors[3]).toBeCloseTo(0.1 * z, 14);
    expect(model.itemFactors[7]).toBeCloseTo(-0.1 * z, 14);
    expect(model.sampledAuc).toEqual([xhat > 0 ? 1 : 0]);
  });

  test("learns the two taste groups: each user scores the mean own-group item above the other group's, and sampled accuracy climbs", async () => {
    const model = await trainBprStratified(tastes, { ...params, epochs: 40 }, { trackAuc: true });
    const d = model.dimension;
    let right = 0;
    for (let u = 0; u < 300; u++) {
      const s = scoreAll(model.userFactors.subarray(u * d, (u + 1) * d), model.itemFactors, d);
      const mean = (from: number) => s.slice(from, from + 60).reduce((a, b) => a + b, 0) / 60;
      if ((u < 150 ? mean(0) - mean(60) : mean(60) - mean(0)) > 0) right++;
    }
    expect(right).toBeGreaterThanOrEqual(295);
    expect(model.sampledAuc.at(-1)!).toBeGreaterThan(model.sampledAuc[0] + 0.05);
    expect(model.sampledAuc.at(-1)!).toBeGreaterThan(0.8);
  });

  test("in every stratum of every epoch the block pairs share no user and no item, and each liked cell is in exactly one pair", () => {
    const pos = positivesOf(tastes);
    const P = 4;
    const layout = emptyLayout(P, tastes.cols, pos.items.length);
    for (let epoch = 0; epoch < 3; epoch++) {
      layoutEpoch(pos, params.seed, epoch, layout);
      const itemBlock = new Int32Array(tastes.cols).fill(-1);
      for (let b = 0; b < P; b++) for (let k = layout.blockStart[b]; k < layout.blockStart[b + 1]; k++) itemBlock[layout.blockItems[k]] = b;
      expect([...itemBlock].every((b) => b >= 0)).toBe(true);
      const timesSeen = new Int32Array(pos.items.length);
      for (let s = 0; s < P; s++) {
        const usersTaken = new Set<number>();
        const itemsTaken = new Set<number>();
        for (let b = 0; b < P; b++) {
          const ib = itemBlockOf(b, s, P);
          const pair = b * P + ib;
          const users = new Set<number>();
          for (let k = layout.pairStart[pair]; k < layout.pairStart[pair + 1]; k++) {
            const c = layout.pairCells[k];
            timesSeen[c]++;
            users.add(pos.cellUser[c]);
            expect(itemBlock[pos.items[c]]).toBe(ib);
          }
          // Negatives are drawn from the item block, so a pair may touch any item of it.
          const items = layout.blockItems.subarray(layout.blockStart[ib], layout.blockStart[ib + 1]);
          for (const u of users) expect(usersTaken.has(u), `user ${u} in two pairs of stratum ${s}`).toBe(false);
          for (const i of items) expect(itemsTaken.has(i), `item ${i} in two pairs of stratum ${s}`).toBe(false);
          users.forEach((u) => usersTaken.add(u));
          items.forEach((i) => itemsTaken.add(i));
        }
      }
      expect([...timesSeen].every((t) => t === 1)).toBe(true);
    }
  });

  test("the same factors bit for bit on one thread, on two workers alone, beside the calling thread, and with the pairs in reverse order", async () => {
    const single = await trainBprStratified(tastes, params, { trackAuc: true, workers: 0 });
    const claimedAll: boolean[] = [];
    const onTwoWorkers = await trainBprStratified(tastes, params, {
      trackAuc: true,
      workers: 2,
      trainOnCallingThread: false,
      minPositives: 0,
      run: async (step) => {
        await pool.run("bprTrainBlockPairs", step);
        claimedAll.push(Atomics.load(step.next, 0) >= step.layout.blocks);
      },
    });
    expect(claimedAll).toHaveLength(2 * params.epochs * params.blocks);
    expect(claimedAll.every(Boolean)).toBe(true);
    expect(onTwoWorkers.userFactors).toEqual(single.userFactors);
    expect(onTwoWorkers.itemFactors).toEqual(single.itemFactors);
    expect(onTwoWorkers.sampledAuc).toEqual(single.sampledAuc);
    const beside = await trainBprStratified(tastes, params, { workers: 1, minPositives: 0, run: (step) => pool.run("bprTrainBlockPairs", step) });
    expect(beside.itemFactors).toEqual(single.itemFactors);
    // Pairs trained last to first: the same model only if no two pairs of a stratum touch the same row.
    const reversed = await trainBprStratified(tastes, params, {
      workers: 1,
      trainOnCallingThread: false,
      minPositives: 0,
      run: async (step: BprStratum) => {
        for (let b = step.layout.blocks - 1; b >= 0; b--) trainBlockPair(step, b);
        Atomics.store(step.next, 0, step.layout.blocks);
      },
    });
    expect(reversed.userFactors).toEqual(single.userFactors);
    expect(reversed.itemFactors).toEqual(single.itemFactors);
  }, 60_000);

  test("the model depends on the blocks and the seed, not on threads; a busy pool leaves the pairs to the calling thread", async () => {
    const single = await trainBprStratified(tastes, params, { workers: 0 });
    const busy = () => Promise.reject(new AppError("rate_limited", "busy"));
    const refused = await trainBprStratified(tastes, params, { workers: 1, trainOnCallingThread: false, minPositives: 0, run: busy });
    expect(refused.itemFactors).toEqual(single.itemFactors);
    const otherBlocks = await trainBprStratified(tastes, { ...params, blocks: 3 }, { workers: 0 });
    expect(otherBlocks.itemFactors).not.toEqual(single.itemFactors);
    const otherSeed = await trainBprStratified(tastes, { ...params, seed: 10 }, { workers: 0 });
    expect(otherSeed.itemFactors).not.toEqual(single.itemFactors);
    const crashed = () => Promise.reject(new Error("compute worker exited (code 1)"));
    await expect(trainBprStratified(tastes, params, { workers: 1, minPositives: 0, run: crashed })).rejects.toThrow("compute worker exited");
  });
});
