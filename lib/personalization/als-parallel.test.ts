// ALS with the rows of each half-step solved in worker threads gives bit-for-bit the single-thread model: workers
// alone, workers beside the calling thread, a warm start, and a pool that refuses (busy) or fails.
import { afterAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { computeWorkerEntry } from "@/lib/compute/compute-pool";
import { WorkerPool } from "@/lib/compute/worker-pool";
import { rng } from "@/lib/primitives/random";
import { trainAls, type AlsParams, type SharedHalfStep } from "./als";
import { trainAlsParallel } from "./als-parallel";
import { buildMatrix } from "./matrix";

const pool = new WorkerPool({ entry: computeWorkerEntry(), size: 2, maxQueue: 4 });
afterAll(() => pool.close());

// 300 users × 120 items, each user with 5-40 interactions (a few negative), so rows differ in cost.
const matrix = (() => {
  const next = rng(5);
  const rows: number[] = [];
  const cols: number[] = [];
  const weights: number[] = [];
  for (let u = 0; u < 300; u++) {
    const n = 5 + Math.floor(next() * 36);
    for (let k = 0; k < n; k++) {
      rows.push(u);
      cols.push(Math.floor(next() * next() * 120));
      weights.push(next() < 0.1 ? -1 : 1 + Math.floor(next() * 3));
    }
  }
  return buildMatrix({ rows: 300, cols: 120 }, { rows: Int32Array.from(rows), cols: Int32Array.from(cols), weights: Float64Array.from(weights) }, 3);
})();
const params: AlsParams = { factors: 8, regularization: 5, iterations: 4, cgSteps: 3, seed: 11 };

/** Runs helpers on the test's pool and records whether the workers had claimed every row block when they returned. */
function onPool(claimedAll: boolean[]) {
  return async (step: SharedHalfStep) => {
    await pool.run("alsSolveRows", step);
    claimedAll.push(Atomics.load(step.next, 0) * step.chunk >= step.matrix.rows);
  };
}

describe("ALS across worker threads", () => {
  test("two workers alone solve every row, and the factors and losses equal the single-thread solver's exactly", async () => {
    const claimedAll: boolean[] = [];
    const single = trainAls(matrix, params, { trackLoss: true });
    const pooled = await trainAlsParallel(matrix, params, { trackLoss: true, workers: 2, solveOnCallingThread: false, run: onPool(claimedAll), minCells: 0 });
    expect(claimedAll).toHaveLength(2 * 2 * params.iterations);
    expect(claimedAll.every(Boolean)).toBe(true);
    expect(pooled.userFactors).toEqual(single.userFactors);
    expect(pooled.itemFactors).toEqual(single.itemFactors);
    expect(pooled.losses).toEqual(single.losses);
    expect(pooled.losses.at(-1)!).toBeLessThan(pooled.losses[0]);
  }, 60_000);

  test("with the calling thread sharing the rows and a warm start, the model is still the single-thread one", async () => {
    const first = trainAls(matrix, { ...params, iterations: 2 });
    const single = trainAls(matrix, { ...params, iterations: 3 }, { warmStart: first });
    const pooled = await trainAlsParallel(matrix, { ...params, iterations: 3 }, { warmStart: first, workers: 2, run: onPool([]), minCells: 0 });
    expect(pooled.userFactors).toEqual(single.userFactors);
    expect(pooled.itemFactors).toEqual(single.itemFactors);
  }, 60_000);

  test("a busy pool leaves the rows to the calling thread; a worker failure fails the training", async () => {
    const busy = () => Promise.reject(new AppError("rate_limited", "busy"));
    const single = trainAls(matrix, params);
    const refused = await trainAlsParallel(matrix, params, { workers: 1, solveOnCallingThread: false, run: busy, minCells: 0 });
    expect(refused.userFactors).toEqual(single.userFactors);
    const crashed = () => Promise.reject(new Error("compute worker exited (code 1)"));
    await expect(trainAlsParallel(matrix, params, { workers: 1, run: crashed, minCells: 0 })).rejects.toThrow("compute worker exited");
  });
});
