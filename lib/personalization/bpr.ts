// Bayesian personalised ranking (Rendle, Freudenthaler, Gantner & Schmidt-Thieme, "BPR: Bayesian Personalized
// Ranking from Implicit Feedback", 2009): maximises Σ ln σ(x̂_ui − x̂_uj) − λ|Θ|² over triples of a user, an item
// they liked (a positive cell) and a sampled item they did not, by stochastic gradient ascent with a seeded RNG
// (lib/primitives/random), the way LightFM and `implicit`'s BPR do. x̂_ui = x_u·y_i + b_i.
//
// The item bias is folded into the factors so that serving stays one dot product: a user vector carries a constant 1
// in its last component and an item vector its bias there, so the stored dimension is `factors + 1`.
import { gaussian, rng } from "@/lib/primitives/random";
import type { InteractionMatrix } from "./matrix";

export interface BprParams {
  factors: number;
  learningRate: number;
  regularization: number;
  /** Passes over the positive cells (each pass samples as many triples as there are positives). */
  epochs: number;
  seed: number;
}

// Tuned on generated tastes (300-20,000 users): 0.05 / 0.01 / 30 epochs converge on the small demo-sized sets without
// overfitting; more epochs add little.
export const DEFAULT_BPR_PARAMS: BprParams = { factors: 32, learningRate: 0.05, regularization: 0.01, epochs: 30, seed: 17 };

export interface BprModel {
  /** Stored dimension: factors + 1 (the bias column). */
  dimension: number;
  /** users × dimension, row-major; the last component of each row is 1. */
  userFactors: Float64Array;
  /** items × dimension, row-major; the last component of each row is the item's bias. */
  itemFactors: Float64Array;
  /** Share of sampled (u, i, j) triples ranked right after each epoch (only when asked for). */
  sampledAuc: number[];
}

/** A user's positive items, ascending (cells with a positive confidence). */
function positivesOf(m: InteractionMatrix) {
  const start = new Int32Array(m.rows + 1);
  const items: number[] = [];
  for (let u = 0; u < m.rows; u++) {
    for (let k = m.indptr[u]; k < m.indptr[u + 1]; k++) if (m.confidence[k] > 0) items.push(m.indices[k]);
    start[u + 1] = items.length;
  }
  return { start, items: Int32Array.from(items) };
}

/** Binary search in a sorted slice. */
function contains(a: Int32Array, lo: number, hi: number, x: number) {
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === x) return true;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Trains on a users × items matrix; only positive cells are used as positives, every other item can be a negative. */
export function trainBpr(m: InteractionMatrix, params: BprParams = DEFAULT_BPR_PARAMS, options: { trackAuc?: boolean } = {}): BprModel {
  const f = params.factors;
  const d = f + 1;
  const next = rng(params.seed);
  const normal = gaussian(rng(params.seed ^ 0x5bd1e995));
  const userFactors = new Float64Array(m.rows * d);
  const itemFactors = new Float64Array(m.cols * d);
  for (let u = 0; u < m.rows; u++) {
    for (let a = 0; a < f; a++) userFactors[u * d + a] = normal() * 0.1;
    userFactors[u * d + f] = 1;
  }
  for (let i = 0; i < m.cols; i++) for (let a = 0; a < f; a++) itemFactors[i * d + a] = normal() * 0.1;
  const pos = positivesOf(m);
  // Cells to sample from: a (user, positive item) pair uniformly, so active users weigh by their activity.
  const cellUser = new Int32Array(pos.items.length);
  for (let u = 0; u < m.rows; u++) for (let k = pos.start[u]; k < pos.start[u + 1]; k++) cellUser[k] = u;
  const n = pos.items.length;
  const sampledAuc: number[] = [];
  if (!n || m.cols < 2) return { dimension: d, userFactors, itemFactors, sampledAuc };
  const { learningRate: lr, regularization: reg } = params;
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    let right = 0;
    let sampled = 0;
    for (let s = 0; s < n; s++) {
      const cell = Math.floor(next() * n);
      const u = cellUser[cell];
      const i = pos.items[cell];
      // A negative: any item the user did not like (a few tries; a user who liked nearly everything is skipped).
      let j = -1;
      for (let t = 0; t < 10; t++) {
        const c = Math.floor(next() * m.cols);
        if (!contains(pos.items, pos.start[u], pos.start[u + 1], c)) {
          j = c;
          break;
        }
      }
      if (j < 0) continue;
      const uo = u * d;
      const io = i * d;
      const jo = j * d;
      let x = itemFactors[io + f] - itemFactors[jo + f];
      for (let a = 0; a < f; a++) x += userFactors[uo + a] * (itemFactors[io + a] - itemFactors[jo + a]);
      sampled++;
      if (x > 0) right++;
      // d/dθ ln σ(x) = σ(−x) · dx/dθ
      const z = 1 / (1 + Math.exp(x));
      for (let a = 0; a < f; a++) {
        const xu = userFactors[uo + a];
        const yi = itemFactors[io + a];
        const yj = itemFactors[jo + a];
        userFactors[uo + a] += lr * (z * (yi - yj) - reg * xu);
        itemFactors[io + a] += lr * (z * xu - reg * yi);
        itemFactors[jo + a] += lr * (-z * xu - reg * yj);
      }
      itemFactors[io + f] += lr * (z - reg * itemFactors[io + f]);
      itemFactors[jo + f] += lr * (-z - reg * itemFactors[jo + f]);
    }
    if (options.trackAuc) sampledAuc.push(sampled ? right / sampled : 0);
  }
  return { dimension: d, userFactors, itemFactors, sampledAuc };
}
