// L2-regularised logistic regression on standardised features, fitted by Newton's method (IRLS). The models here have
// a dozen features, so an exact Newton step (a d×d Cholesky solve) converges in a few iterations with no step size to tune.
import { solveSpd } from "@/lib/primitives/linear-solve";

export interface LogisticModel {
  /** Feature names, in coefficient order. */
  features: string[];
  intercept: number;
  /** Per standardised feature: the change in log-odds for one standard deviation. */
  coefficients: number[];
  means: number[];
  /** Standard deviations (1 for a constant feature, whose standardised value is then always 0). */
  scales: number[];
  /** Penalty on the coefficients (not the intercept), per example: loss = mean log-loss + lambda/2 * |w|^2. */
  lambda: number;
  iterations: number;
}

export interface FitOptions {
  lambda?: number;
  maxIterations?: number;
  tolerance?: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Column means and standard deviations (population); a constant column gets scale 1. */
export function standardisation(rows: number[][]): { means: number[]; scales: number[] } {
  const d = rows[0]?.length ?? 0;
  const means = new Array<number>(d).fill(0);
  const scales = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) means[j] += r[j] / rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) scales[j] += (r[j] - means[j]) ** 2 / rows.length;
  return { means, scales: scales.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

/** Fits `y ~ x` (y in {0, 1}); rows of `x` are raw feature values, standardised here. */
export function fitLogistic(features: string[], x: number[][], y: number[], options: FitOptions = {}): LogisticModel {
  const lambda = options.lambda ?? 0.01;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-9;
  const n = x.length;
  if (n === 0 || y.length !== n) throw new Error("fitLogistic: need as many labels as rows, and at least one row");
  const { means, scales } = standardisation(x);
  const d = features.length + 1; // parameter 0 is the intercept
  const z = x.map((r) => [1, ...r.map((v, j) => (v - means[j]) / scales[j])]);
  const beta = new Array<number>(d).fill(0);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < d; j++) eta += beta[j] * z[i][j];
      const p = sigmoid(eta);
      const w = Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j < d; j++) {
        grad[j] += ((p - y[i]) * z[i][j]) / n;
        for (let k = 0; k <= j; k++) hess[j][k] += (w * z[i][j] * z[i][k]) / n;
      }
    }
    for (let j = 1; j < d; j++) {
      grad[j] += lambda * beta[j];
      hess[j][j] += lambda;
    }
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) hess[j][k] = hess[k][j];
    const step = solveSpd(hess, grad);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (change < tolerance) {
      iterations++;
      break;
    }
  }
  return { features: [...features], intercept: beta[0], coefficients: beta.slice(1), means, scales, lambda, iterations };
}

/** Standardised feature values of one row under the model's means and scales. */
export function standardise(model: LogisticModel, row: number[]): number[] {
  return row.map((v, j) => (v - model.means[j]) / model.scales[j]);
}

export function predictProbability(model: LogisticModel, row: number[]): number {
  const z = standardise(model, row);
  let eta = model.intercept;
  for (let j = 0; j < z.length; j++) eta += model.coefficients[j] * z[j];
  return sigmoid(eta);
}

/** Each feature's push on the log-odds for this row: coefficient × standardised value (positive raises the risk). */
export function contributions(model: LogisticModel, row: number[]): number[] {
  return standardise(model, row).map((v, j) => model.coefficients[j] * v);
}
