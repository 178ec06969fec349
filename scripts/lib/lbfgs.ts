// Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, algorithm 7.4 with a backtracking Armijo line
// search) for the smooth convex objectives of the offline training scripts. Deterministic: same inputs, same result.

/** Writes the gradient at x into g and returns the objective's value at x. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations?: number;
  /** Correction pairs kept. */
  memory?: number;
  /** Stops when an iteration lowers the objective by less than this share of it. */
  relativeTolerance?: number;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export function lbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): Float64Array {
  const { maxIterations = 300, memory = 10, relativeTolerance = 1e-8 } = options;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNext = new Float64Array(n);
  const gNext = new Float64Array(n);
  for (let it = 0; it < maxIterations; it++) {
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    const alpha = new Array<number>(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], d);
      const y = Y[k];
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * y[i];
    }
    const scale = S.length > 0 ? dot(S[S.length - 1], Y[S.length - 1]) / dot(Y[S.length - 1], Y[S.length - 1]) : 1 / Math.sqrt(dot(g, g) || 1);
    for (let i = 0; i < n; i++) d[i] *= scale;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], d);
      const s = S[k];
      for (let i = 0; i < n; i++) d[i] += s[i] * (alpha[k] - beta);
    }
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction (curvature information gone stale): restart from steepest descent.
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = -dot(g, g);
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
    }
    if (slope === 0) break;
    let step = 1;
    let fNext = fx;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNext[i] = x[i] + step * d[i];
      fNext = f(xNext, gNext);
      if (fNext <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNext < fx)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNext[i] - x[i];
      y[i] = gNext[i] - g[i];
    }
    const sy = dot(s, y);
    const improvement = (fx - fNext) / Math.max(1, Math.abs(fx));
    x.set(xNext);
    g.set(gNext);
    fx = fNext;
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    if (improvement < relativeTolerance) break;
  }
  return x;
}
