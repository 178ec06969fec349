/**
 * Domain-classifier drift test (the "model" method of Evidently's embedding
 * drift): train a classifier to tell reference rows from current rows and
 * measure ROC AUC on a held-out half. AUC ~0.5 means the two sets are
 * indistinguishable; drift is declared when AUC exceeds a threshold (0.55 by
 * default, as in Evidently). The classifier is L2-regularised logistic
 * regression on standardised features, fitted by full-batch Adam: simple,
 * deterministic and fast enough for a few thousand rows of 256-d vectors.
 */
import { rng } from "../../primitives/random";

export interface DomainClassifierOptions {
  seed?: number;
  /** Rows sampled per side; keeps cost bounded for 100k-row inputs. */
  maxPerSide?: number;
  /** Share of each side held out for the AUC. */
  testShare?: number;
  iterations?: number;
  l2?: number;
}

export interface DomainClassifierResult {
  auc: number;
  trainSize: number;
  testSize: number;
}

function shuffled<T>(rows: readonly T[], rand: () => number): T[] {
  const out = rows.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function domainClassifierAuc(
  reference: readonly (readonly number[])[],
  current: readonly (readonly number[])[],
  opts: DomainClassifierOptions = {},
): DomainClassifierResult {
  const rand = rng(opts.seed ?? 42);
  const per = opts.maxPerSide ?? 2000;
  const testShare = opts.testShare ?? 0.5;
  const split = (rows: readonly (readonly number[])[]) => {
    const s = shuffled(rows, rand).slice(0, per);
    const nTest = Math.max(1, Math.round(s.length * testShare));
    return { test: s.slice(0, nTest), train: s.slice(nTest) };
  };
  const r = split(reference);
  const c = split(current);
  const trainX = [...r.train, ...c.train];
  const trainY = [...r.train.map(() => 0), ...c.train.map(() => 1)];
  const testX = [...r.test, ...c.test];
  const testY = [...r.test.map(() => 0), ...c.test.map(() => 1)];
  const model = fitLogistic(trainX, trainY, opts.iterations ?? 150, opts.l2 ?? 1e-3);
  return { auc: rocAuc(testX.map(model), testY), trainSize: trainX.length, testSize: testX.length };
}

/** Returns a scoring function (the linear predictor; monotone in probability). */
export function fitLogistic(X: readonly (readonly number[])[], y: readonly number[], iterations: number, l2: number): (x: readonly number[]) => number {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const row of X) for (let k = 0; k < d; k++) mean[k] += row[k] / n;
  for (const row of X) for (let k = 0; k < d; k++) sd[k] += (row[k] - mean[k]) ** 2 / n;
  for (let k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k]) || 1;
  const Z = X.map((row) => Float64Array.from(row, (v, k) => (v - mean[k]) / sd[k]));
  const w = new Float64Array(d + 1); // last entry: bias
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  const [lr, b1, b2, eps] = [0.05, 0.9, 0.999, 1e-8];
  for (let it = 1; it <= iterations; it++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const z = Z[i];
      let s = w[d];
      for (let k = 0; k < d; k++) s += w[k] * z[k];
      const err = 1 / (1 + Math.exp(-s)) - y[i];
      for (let k = 0; k < d; k++) grad[k] += (err * z[k]) / n;
      grad[d] += err / n;
    }
    for (let k = 0; k < d; k++) grad[k] += l2 * w[k];
    for (let k = 0; k <= d; k++) {
      m[k] = b1 * m[k] + (1 - b1) * grad[k];
      v[k] = b2 * v[k] + (1 - b2) * grad[k] ** 2;
      w[k] -= (lr * (m[k] / (1 - b1 ** it))) / (Math.sqrt(v[k] / (1 - b2 ** it)) + eps);
    }
  }
  return (x) => {
    let s = w[d];
    for (let k = 0; k < d; k++) s += (w[k] * (x[k] - mean[k])) / sd[k];
    return s;
  };
}

/** ROC AUC via the Mann–Whitney U statistic, with average ranks for ties. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0, rankSum = 0;
  labels.forEach((l, i) => {
    if (l === 1) {
      pos++;
      rankSum += ranks[i];
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
