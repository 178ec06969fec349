/**
 * One-step-ahead prediction of a series, strictly causal: an exponentially
 * weighted level plus a per-phase seasonal profile (one cycle, e.g. a day),
 * both updated with errors clipped at `clip` noise units so outliers barely
 * move them. The noise scale is an EW mean absolute error. A run of `confirm`
 * errors beyond the clip on one side is a level shift: the level jumps to the
 * run's median (re-baselining) instead of crawling after it. Missing points
 * (NaN) are skipped: no update, no prediction error.
 */
export interface PredictorOptions {
  /** Seasonal period in steps (0 or 1: none). */
  period: number;
  levelAlpha?: number;
  seasonAlpha?: number;
  scaleAlpha?: number;
  clip?: number;
  confirm?: number;
}

export interface Prediction {
  /** Predicted value before seeing the point (NaN for missing points). */
  expected: Float64Array;
  /** Noise scale around the prediction. */
  scale: Float64Array;
  /**
   * Signed error in noise units; NaN for missing points, the first observation and, with a seasonal profile, its
   * first cycle and two points more: before every phase has been seen once an "error" is mostly the missing profile
   * (on a daily series, a weekday judged by a weekend level), and such errors would dwarf every later one.
   */
  z: Float64Array;
}

export function predictStream(values: ArrayLike<number>, opts: PredictorOptions): Prediction {
  const { levelAlpha = 0.2, seasonAlpha = 0.1, scaleAlpha = 0.01, clip = 4, confirm = 6 } = opts;
  const n = values.length;
  const P = opts.period >= 2 ? opts.period : 0;
  const season = new Float64Array(Math.max(P, 1));
  const seen = new Uint8Array(Math.max(P, 1));
  const expected = new Float64Array(n).fill(Number.NaN);
  const scaleOut = new Float64Array(n).fill(Number.NaN);
  const z = new Float64Array(n).fill(Number.NaN);
  const warmup = P ? P + 2 : 0;
  let level = Number.NaN;
  let scale = 0;
  let observed = 0;
  let runSide = 0;
  const run: number[] = [];
  for (let t = 0; t < n; t++) {
    const x = values[t];
    if (!Number.isFinite(x)) continue;
    const phase = P ? t % P : 0;
    const seasonal = P && seen[phase] ? season[phase] : 0;
    if (Number.isNaN(level)) {
      level = x;
      if (P) seen[phase] = 1;
      observed = 1;
      expected[t] = x;
      scaleOut[t] = 0;
      continue;
    }
    const s = Math.max(scale, 1e-3 * Math.abs(level) + 1e-9);
    const err = x - (level + seasonal);
    expected[t] = level + seasonal;
    scaleOut[t] = s;
    if (observed > warmup) z[t] = err / s;
    const side = Math.abs(err) > clip * s ? Math.sign(err) : 0;
    if (side !== 0 && side === runSide) run.push(x - seasonal);
    else {
      runSide = side;
      run.length = 0;
      if (side !== 0) run.push(x - seasonal);
    }
    if (run.length >= confirm) {
      level = [...run].sort((a, b) => a - b)[run.length >> 1];
      runSide = 0;
      run.length = 0;
      observed++;
      continue;
    }
    const clipped = Math.max(-clip * s, Math.min(clip * s, err));
    // Warm-up: a plain running mean of |error| for the first 30 points, then exponential smoothing.
    const rate = observed < 30 ? 1 / observed : scaleAlpha;
    scale += rate * ((observed < 30 ? Math.abs(err) : Math.abs(clipped)) - scale);
    level += levelAlpha * clipped;
    if (P) {
      if (seen[phase]) season[phase] += seasonAlpha * (1 - levelAlpha) * clipped;
      else {
        season[phase] = x - level;
        seen[phase] = 1;
      }
    }
    observed++;
  }
  return { expected, scale: scaleOut, z };
}
