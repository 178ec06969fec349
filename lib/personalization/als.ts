// Implicit-feedback alternating least squares (Hu, Koren & Volinsky, "Collaborative Filtering for Implicit Feedback
// Datasets", 2008), each row's least-squares step solved by a few conjugate-gradient steps warm-started from the
// previous factors (Takács, Pilászy & Tikk, "Applications of the conjugate gradient method for implicit feedback
// collaborative filtering", 2011), the way the `implicit` library does. Minimises
//   Σ_u,i c_ui (p_ui − x_u·y_i)² + λ (Σ_u |x_u|² + Σ_i |y_i|²)
// over all cells, where unobserved cells have p = 0, c = 1. The dense part Yᵀ Y is computed once per half-step, so a
// row costs O(cells · f + f²) per CG step instead of the direct solve's O(cells · f² + f³).
import { gaussian, rng } from "@/lib/primitives/random";
import { transpose, type InteractionMatrix } from "./matrix";

export interface AlsParams {
  factors: number;
  regularization: number;
  iterations: number;
  /** CG steps per row and half-step (3 in `implicit`; each step lowers that row's loss). */
  cgSteps: number;
  seed: number;
}

// λ = 30 with alpha = 3 (train.ts): on generated tastes (300-1,500 users) weaker regularisation overfits the
// 32 factors and loses to popularity on the smallest set; 10-100 all work with alpha 3.
export const DEFAULT_ALS_PARAMS: AlsParams = { factors: 32, regularization: 30, iterations: 15, cgSteps: 3, seed: 17 };

export interface AlsModel {
  factors: number;
  /** users × factors, row-major. */
  userFactors: Float64Array;
  /** items × factors, row-major. */
  itemFactors: Float64Array;
  /** The loss after each iteration (only when asked for: it costs about one half-step). */
  losses: number[];
}

/** Yᵀ Y + λ I for `rows` rows of `f` factors (row-major, f × f). */
export function gramian(y: Float64Array, rows: number, f: number, regularization: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let r = 0; r < rows; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const ya = y[o + a];
      if (ya === 0) continue;
      const ga = a * f;
      for (let b = a; b < f; b++) g[ga + b] += ya * y[o + b];
    }
  }
  for (let a = 0; a < f; a++) {
    g[a * f + a] += regularization;
    for (let b = a + 1; b < f; b++) g[b * f + a] = g[a * f + b];
  }
  return g;
}

/** Scratch vectors of one solver, reused across rows. */
function workspace(f: number) {
  return { r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) };
}

// The kernels below are the solver's inner loops (about 90% of training time), unrolled by four with separate
// accumulators: V8 then keeps the sums in registers and overlaps the multiplications, about 1.5× faster than the
// plain loop at 64 factors. They are written out rather than sharing a callback, which V8 would not inline here.

/** Σ_k a[ao + k] · b[bo + k]. */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, f: number) {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < f; k += 4) {
    s0 += a[ao + k] * b[bo + k];
    s1 += a[ao + k + 1] * b[bo + k + 1];
    s2 += a[ao + k + 2] * b[bo + k + 2];
    s3 += a[ao + k + 3] * b[bo + k + 3];
  }
  for (; k < f; k++) s0 += a[ao + k] * b[bo + k];
  return s0 + s1 + s2 + s3;
}

/** out[a] = sign · (G v)[a] for the f × f matrix g (row-major). */
function gemv(g: Float64Array, v: Float64Array, vo: number, f: number, out: Float64Array, sign: number) {
  for (let a = 0; a < f; a++) out[a] = sign * dot(g, a * f, v, vo, f);
}

/** out[a] += c · y[yo + a]. */
function axpy(c: number, y: Float64Array, yo: number, out: Float64Array, f: number) {
  let a = 0;
  for (; a + 3 < f; a += 4) {
    out[a] += c * y[yo + a];
    out[a + 1] += c * y[yo + a + 1];
    out[a + 2] += c * y[yo + a + 2];
    out[a + 3] += c * y[yo + a + 3];
  }
  for (; a < f; a++) out[a] += c * y[yo + a];
}

/**
 * One row's least-squares step in place: x (at `xo` in `x`) moves toward the solution of
 * (Yᵀ C Y + λI) x = Yᵀ C p, where `g` = Yᵀ Y + λI and the row's cells are `start .. end − 1` of `m`.
 */
export function solveRowCg(
  g: Float64Array,
  y: Float64Array,
  f: number,
  m: InteractionMatrix,
  row: number,
  x: Float64Array,
  xo: number,
  cgSteps: number,
  w = workspace(f),
) {
  const { r, p, ap } = w;
  const from = m.indptr[row];
  const to = m.indptr[row + 1];
  // r = b − A x, with A x = G x + Σ_cells (|c| − 1)(y_i·x) y_i and b = Σ_positive c y_i.
  gemv(g, x, xo, f, r, -1);
  for (let k = from; k < to; k++) {
    const c = m.confidence[k];
    const io = m.indices[k] * f;
    const yx = dot(y, io, x, xo, f);
    axpy(c > 0 ? c - (c - 1) * yx : -(-c - 1) * yx, y, io, r, f);
  }
  p.set(r);
  let rsold = dot(r, 0, r, 0, f);
  if (rsold < 1e-20) return;
  for (let step = 0; step < cgSteps; step++) {
    gemv(g, p, 0, f, ap, 1);
    for (let k = from; k < to; k++) {
      const c = Math.abs(m.confidence[k]);
      if (c === 1) continue;
      const io = m.indices[k] * f;
      axpy((c - 1) * dot(y, io, p, 0, f), y, io, ap, f);
    }
    const alpha = rsold / dot(p, 0, ap, 0, f);
    for (let a = 0; a < f; a++) {
      x[xo + a] += alpha * p[a];
      r[a] -= alpha * ap[a];
    }
    const rsnew = dot(r, 0, r, 0, f);
    if (rsnew < 1e-20) return;
    const beta = rsnew / rsold;
    for (let a = 0; a < f; a++) p[a] = r[a] + beta * p[a];
    rsold = rsnew;
  }
}

/** Every row of `x` re-solved against the fixed `y` (one half of an alternating step). */
function solveRows(m: InteractionMatrix, x: Float64Array, y: Float64Array, params: AlsParams) {
  const f = params.factors;
  // One thread claiming every row as one block: the shared solver below, alone.
  solveSharedRows({ matrix: m, x, y, g: gramian(y, m.cols, f, params.regularization), factors: f, cgSteps: params.cgSteps, chunk: Math.max(1, m.rows), next: new Int32Array(1) });
}

/**
 * One half-step shared between threads (./als-parallel.ts): the arrays live in SharedArrayBuffers, and each thread
 * running this claims blocks of `chunk` rows from the counter `next[0]` until none is left, so a thread that is
 * slowed down (a busy core) simply takes fewer blocks. Rows are independent within a half-step and each is solved
 * exactly as `solveRows` solves it, so the factors are bit-for-bit those of the single-thread solver.
 */
export interface SharedHalfStep {
  matrix: InteractionMatrix;
  x: Float64Array;
  y: Float64Array;
  /** gramian(y) with the regularisation, computed once by the thread that started the half-step. */
  g: Float64Array;
  factors: number;
  cgSteps: number;
  chunk: number;
  next: Int32Array;
}

export function solveSharedRows(step: SharedHalfStep): void {
  const { matrix, x, y, g, factors: f, cgSteps, chunk, next } = step;
  const w = workspace(f);
  for (;;) {
    const from = Atomics.add(next, 0, 1) * chunk;
    if (from >= matrix.rows) return;
    const to = Math.min(matrix.rows, from + chunk);
    for (let row = from; row < to; row++) solveRowCg(g, y, f, matrix, row, x, row * f, cgSteps, w);
  }
}

/** The objective above, from the dense identity Σ_all (x·y)² = Σ_u x_uᵀ (YᵀY) x_u plus a correction per cell. */
export function alsLoss(m: InteractionMatrix, x: Float64Array, y: Float64Array, f: number, regularization: number): number {
  const g = gramian(y, m.cols, f, 0);
  let loss = 0;
  const gx = new Float64Array(f);
  for (let u = 0; u < m.rows; u++) {
    const xo = u * f;
    for (let a = 0; a < f; a++) gx[a] = dot(g, a * f, x, xo, f);
    loss += dot(gx, 0, x, xo, f);
    for (let k = m.indptr[u]; k < m.indptr[u + 1]; k++) {
      const c = m.confidence[k];
      const s = dot(y, m.indices[k] * f, x, xo, f);
      const pref = c > 0 ? 1 : 0;
      loss += Math.abs(c) * (pref - s) ** 2 - s * s;
    }
  }
  let norms = 0;
  for (let k = 0; k < x.length; k++) norms += x[k] * x[k];
  for (let k = 0; k < y.length; k++) norms += y[k] * y[k];
  return loss + regularization * norms;
}

/** Small random factors from the seed, so the same data and seed give the same model on every machine. */
function initialFactors(rows: number, f: number, next: () => number): Float64Array {
  const out = new Float64Array(rows * f);
  for (let k = 0; k < out.length; k++) out[k] = next() * 0.01;
  return out;
}

export interface AlsTrainOptions {
  trackLoss?: boolean;
  /** Start from these factors (copied), e.g. a model of the same users and items. */
  warmStart?: Pick<AlsModel, "userFactors" | "itemFactors">;
}

/** The factors an ALS run starts from: a copy of the warm start, or small random ones from the seed. */
export function startingFactors(m: InteractionMatrix, params: AlsParams, warmStart?: AlsTrainOptions["warmStart"]) {
  const f = params.factors;
  if (warmStart) return { userFactors: warmStart.userFactors.slice(), itemFactors: warmStart.itemFactors.slice() };
  const normal = gaussian(rng(params.seed));
  const userFactors = initialFactors(m.rows, f, normal);
  return { userFactors, itemFactors: initialFactors(m.cols, f, normal) };
}

/** Trains on a users × items matrix; `trackLoss` records the objective after each iteration. */
export function trainAls(
  m: InteractionMatrix,
  params: AlsParams = DEFAULT_ALS_PARAMS,
  options: AlsTrainOptions = {},
): AlsModel {
  const f = params.factors;
  const { userFactors, itemFactors } = startingFactors(m, params, options.warmStart);
  const byItem = transpose(m);
  const losses: number[] = [];
  for (let it = 0; it < params.iterations; it++) {
    solveRows(m, userFactors, itemFactors, params);
    solveRows(byItem, itemFactors, userFactors, params);
    if (options.trackLoss) losses.push(alsLoss(m, userFactors, itemFactors, f, params.regularization));
  }
  return { factors: f, userFactors, itemFactors, losses };
}

/** Scores of every item for one user vector (x_u · y_i). */
export function scoreAll(userVector: Float64Array | Float32Array, itemFactors: Float64Array | Float32Array, f: number, out = new Float64Array(itemFactors.length / f)) {
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    const io = i * f;
    for (let a = 0; a < f; a++) s += userVector[a] * itemFactors[io + a];
    out[i] = s;
  }
  return out;
}

/** The `k` highest-scoring indices, best first, skipping those `skip` marks; ties go to the lower index. */
export function topK(scores: Float64Array, k: number, skip?: (index: number) => boolean): number[] {
  if (k <= 0) return [];
  // Insertion into a sorted typed buffer: an item that does not beat the k-th best costs one comparison.
  const best = new Int32Array(Math.min(k, scores.length));
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    if (skip?.(i)) continue;
    const s = scores[i];
    if (size === k) {
      if (s <= scores[best[k - 1]]) continue;
      size--;
    }
    let at = size;
    while (at > 0 && scores[best[at - 1]] < s) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = i;
    size++;
  }
  return Array.from(best.subarray(0, size));
}
