// ALS on small matrices with known answers: the CG step against a direct solve, block-structured tastes, the loss.
import { describe, expect, test } from "vitest";
import { rng } from "@/lib/primitives/random";
import { alsLoss, gramian, scoreAll, solveRowCg, topK, trainAls, type AlsParams } from "./als";
import { buildMatrix, transpose } from "./matrix";

/** Solves A x = b by Gaussian elimination with partial pivoting (the independent oracle). */
function directSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = c + 1; r < n; r++) {
      const k = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= k * m[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let j = r + 1; j < n; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}

const obs = (cells: [number, number, number][]) => ({
  rows: Int32Array.from(cells.map((c) => c[0])),
  cols: Int32Array.from(cells.map((c) => c[1])),
  weights: Float64Array.from(cells.map((c) => c[2])),
});

describe("the interaction matrix", () => {
  test("sums repeated interactions, keeps net negatives as preference 0 and drops net zeros", () => {
    const m = buildMatrix({ rows: 2, cols: 3 }, obs([[0, 2, 1], [0, 0, 0.5], [0, 2, 3], [1, 1, -1], [1, 0, 1], [1, 0, -1]]), 2);
    expect([...m.indptr]).toEqual([0, 2, 3]);
    expect([...m.indices]).toEqual([0, 2, 1]);
    expect([...m.confidence]).toEqual([2, 9, -3]);
    const t = transpose(m);
    expect([...t.indptr]).toEqual([0, 1, 2, 3]);
    expect([...t.indices]).toEqual([0, 1, 0]);
    expect([...t.confidence]).toEqual([2, -3, 9]);
  });
});

describe("one row's conjugate-gradient step", () => {
  test("with f steps from zero it reaches the direct solution of (Yᵀ C Y + λI) x = Yᵀ C p to 1e-6", () => {
    const f = 5;
    const items = 9;
    const lambda = 0.1;
    const next = rng(3);
    const y = Float64Array.from({ length: items * f }, () => next() - 0.5);
    // One user: positives with confidences 3, 9 and 1.5, a net-negative cell (confidence 4, preference 0).
    const m = buildMatrix({ rows: 1, cols: items }, obs([[0, 1, 1], [0, 4, 4], [0, 6, 0.25], [0, 7, -1.5]]), 2);
    expect([...m.confidence]).toEqual([3, 9, 1.5, -4]);
    const a = Array.from({ length: f }, (_, r) => Array.from({ length: f }, (_, c) => (r === c ? lambda : 0)));
    const b = new Array<number>(f).fill(0);
    for (let i = 0; i < items; i++) {
      const k = [...m.indices].indexOf(i);
      const c = k < 0 ? 1 : Math.abs(m.confidence[k]);
      const p = k >= 0 && m.confidence[k] > 0 ? 1 : 0;
      for (let r = 0; r < f; r++) {
        b[r] += c * p * y[i * f + r];
        for (let s = 0; s < f; s++) a[r][s] += c * y[i * f + r] * y[i * f + s];
      }
    }
    const expected = directSolve(a, b);
    const x = new Float64Array(f);
    solveRowCg(gramian(y, items, f, lambda), y, f, m, 0, x, 0, f);
    for (let r = 0; r < f; r++) expect(Math.abs(x[r] - expected[r])).toBeLessThan(1e-6);
    // Warm-started from elsewhere it converges to the same point.
    const warm = Float64Array.from({ length: f }, () => next());
    solveRowCg(gramian(y, items, f, lambda), y, f, m, 0, warm, 0, f + 2);
    for (let r = 0; r < f; r++) expect(Math.abs(warm[r] - expected[r])).toBeLessThan(1e-6);
  });
});

/** Two taste groups: users 0..9 interact with items 0..9 only, users 10..19 with items 10..19, 6 of 10 each. */
function blocks() {
  const next = rng(11);
  const cells: [number, number, number][] = [];
  for (let u = 0; u < 20; u++) {
    const base = u < 10 ? 0 : 10;
    const chosen = new Set<number>();
    while (chosen.size < 6) chosen.add(base + Math.floor(next() * 10));
    for (const i of chosen) cells.push([u, i, 1 + Math.floor(next() * 3)]);
  }
  return buildMatrix({ rows: 20, cols: 20 }, obs(cells), 10);
}

const params: AlsParams = { factors: 4, regularization: 0.1, iterations: 12, cgSteps: 3, seed: 5 };

describe("training", () => {
  test("on block-structured tastes every user's top unseen items come from the user's own group", () => {
    const m = blocks();
    // As many factors as the structure has groups (more factors fit finer, partly random, structure inside a group).
    const model = trainAls(m, { ...params, factors: 2 });
    for (let u = 0; u < 20; u++) {
      const seen = new Set(m.indices.slice(m.indptr[u], m.indptr[u + 1]));
      const scores = scoreAll(model.userFactors.subarray(u * 2, u * 2 + 2), model.itemFactors, 2);
      const top = topK(scores, 4, (i) => seen.has(i));
      expect(top, `user ${u}`).toHaveLength(4);
      for (const i of top) expect(i < 10, `user ${u} got item ${i}`).toBe(u < 10);
      // Every own-group item outscores every item of the other group.
      const own = [...scores].filter((_, i) => i < 10 === u < 10);
      const other = [...scores].filter((_, i) => i < 10 !== u < 10);
      expect(Math.min(...own)).toBeGreaterThan(Math.max(...other));
    }
  });

  test("the loss decreases monotonically across iterations, and the same seed gives the same model", () => {
    const m = blocks();
    const model = trainAls(m, { ...params, iterations: 10 }, { trackLoss: true });
    expect(model.losses).toHaveLength(10);
    for (let k = 1; k < model.losses.length; k++) expect(model.losses[k], `iteration ${k}`).toBeLessThanOrEqual(model.losses[k - 1] + 1e-9);
    expect(model.losses[9]).toBeLessThan(model.losses[0]);
    // Better than all-zero factors (loss = Σ c over positives).
    let zero = 0;
    for (const c of m.confidence) if (c > 0) zero += c;
    expect(alsLoss(m, model.userFactors, model.itemFactors, 4, params.regularization)).toBeLessThan(zero);
    const again = trainAls(m, { ...params, iterations: 10 });
    expect([...again.userFactors]).toEqual([...model.userFactors]);
    expect([...again.itemFactors]).toEqual([...model.itemFactors]);
  });
});

describe("top k", () => {
  test("returns the best indices first, skips what it is told to and breaks ties toward the lower index", () => {
    const s = Float64Array.from([0.1, 0.9, 0.5, 0.9, 0.3, 0.7]);
    expect(topK(s, 3)).toEqual([1, 3, 5]);
    expect(topK(s, 3, (i) => i === 1)).toEqual([3, 5, 2]);
    expect(topK(s, 10)).toEqual([1, 3, 5, 2, 4, 0]);
    expect(topK(s, 0)).toEqual([]);
  });

  test("equals a stable sort of the kept indices by score, on coarse random scores with many ties", () => {
    const random = rng(21);
    for (let t = 0; t < 300; t++) {
      const scores = Float64Array.from({ length: Math.floor(random() * 60) }, () => Math.round(random() * 6) / 6);
      const k = Math.floor(random() * 70);
      const skip = t % 3 ? (i: number) => i % 5 === t % 5 : undefined;
      const kept = [...scores.keys()].filter((i) => !skip?.(i));
      expect(topK(scores, k, skip)).toEqual(kept.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k));
    }
  });
});

describe("warm start", () => {
  test("continuing from a model lowers its loss further and never raises it", () => {
    const m = blocks();
    const first = trainAls(m, { ...params, iterations: 3 }, { trackLoss: true });
    const more = trainAls(m, { ...params, iterations: 3 }, { trackLoss: true, warmStart: first });
    expect(more.losses[0]).toBeLessThanOrEqual(first.losses[2] + 1e-9);
    expect(more.losses[2]).toBeLessThan(first.losses[2]);
    // The starting factors are copied, not changed.
    expect(trainAls(m, { ...params, iterations: 3 }).userFactors).toEqual(first.userFactors);
  });
});
