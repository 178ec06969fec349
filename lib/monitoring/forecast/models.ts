/**
 * Forecasting models behind forecastSeries. Each takes a complete (gap-filled)
 * training series and returns point forecasts plus prediction intervals at
 * the requested levels:
 *  - "mstl_ets": augurs MSTL (STL decomposition on every seasonal period,
 *    AutoETS on the seasonally adjusted series), intervals from the ETS
 *    state-space model;
 *  - "ets": augurs AutoETS over the non-seasonal ETS family (seasonal ETS
 *    is not implemented in augurs; seasonality comes from MSTL);
 *  - "seasonal_naive": the last cycle repeated, with the textbook interval
 *    sigma * sqrt(k + 1), k = whole cycles ahead (Hyndman & Athanasopoulos,
 *    FPP3 §5.5); with no period it is the naive (random walk) forecast.
 * A variance-stabilising transform (log1p / Anscombe) may wrap a model;
 * bounds are mapped back through its monotone inverse.
 */
import jStat from "jstat";
import { augursEts, augursMstl, using } from "../shared/augurs";
import { type Transform } from "../shared/transform";

export interface Interval { lower: number[]; upper: number[] }
export interface ModelForecast {
  point: number[];
  /** Keyed by level, e.g. 0.8 and 0.95. */
  intervals: Map<number, Interval>;
}

export type ModelKind = "mstl_ets" | "ets" | "seasonal_naive";

export interface ModelSpec {
  kind: ModelKind;
  periods: number[];
  transform: Transform;
}

export function modelName(spec: ModelSpec): string {
  const base = spec.kind === "mstl_ets" ? `mstl_ets(${spec.periods.join(",")})` : spec.kind;
  return spec.transform.name === "none" ? base : `${base}+${spec.transform.name}`;
}

const PERIOD_WORDS: Record<string, string> = { "7": "weekly", "24": "daily", "168": "weekly", "30": "monthly" };
const TRANSFORM_WORDS: Record<string, string> = { log1p: "on a log scale", anscombe: "on a square-root scale" };

/**
 * A stored model name (modelName: "mstl_ets(7)+log1p", "ets", "seasonal_naive") in plain words for people, e.g.
 * "Weekly pattern + exponential smoothing, on a log scale". Unknown names are returned as they are.
 */
export function describeModel(name: string): string {
  const [base, transform] = name.split("+");
  const mstl = /^mstl_ets\(([\d,]+)\)$/.exec(base);
  let words: string;
  if (mstl) {
    const periods = mstl[1].split(",").map((p) => PERIOD_WORDS[p] ?? `${p}-step`);
    words = `${periods.join(" and ")} pattern + exponential smoothing`;
    words = words[0].toUpperCase() + words.slice(1);
  } else if (base === "ets") words = "Exponential smoothing";
  else if (base === "seasonal_naive") words = "Same as last cycle (seasonal naive)";
  else return name;
  return transform ? `${words}, ${TRANSFORM_WORDS[transform] ?? transform}` : words;
}

export function runModel(spec: ModelSpec, train: Float64Array, horizon: number, levels: readonly number[]): ModelForecast {
  const y = train.map(spec.transform.forward);
  const raw =
    spec.kind === "seasonal_naive"
      ? seasonalNaive(y, spec.periods[0] ?? 1, horizon, levels)
      : augursForecast(spec, y, horizon, levels);
  const inv = spec.transform.inverse;
  const intervals = new Map<number, Interval>();
  for (const [level, iv] of raw.intervals) intervals.set(level, { lower: iv.lower.map(inv), upper: iv.upper.map(inv) });
  return { point: raw.point.map(inv), intervals };
}

function augursForecast(spec: ModelSpec, y: Float64Array, horizon: number, levels: readonly number[]): ModelForecast {
  const predict = (m: { predict(h: number, level?: number | null): { point: number[]; intervals?: { lower: number[]; upper: number[] } } }) => {
    const intervals = new Map<number, Interval>();
    let point: number[] = [];
    for (const level of levels) {
      const f = m.predict(horizon, level);
      point = f.point;
      intervals.set(level, f.intervals ? { lower: f.intervals.lower, upper: f.intervals.upper } : { lower: f.point, upper: f.point });
    }
    if (levels.length === 0) point = m.predict(horizon).point;
    return { point, intervals };
  };
  if (spec.kind === "mstl_ets") {
    const { MSTL } = augursMstl();
    return using(MSTL.ets(spec.periods), (m) => {
      m.fit(y);
      return predict(m);
    });
  }
  const { AutoETS } = augursEts();
  return using(new AutoETS(1, "ZZN"), (m) => {
    m.fit(y);
    return predict(m);
  });
}

export function seasonalNaive(y: Float64Array, period: number, horizon: number, levels: readonly number[]): ModelForecast {
  const n = y.length;
  const m = Math.min(period, n);
  const point = Array.from({ length: horizon }, (_, h) => y[n - m + (h % m)]);
  let ss = 0, count = 0;
  for (let t = m; t < n; t++) {
    ss += (y[t] - y[t - m]) ** 2;
    count++;
  }
  const sigma = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
  const intervals = new Map<number, Interval>();
  for (const level of levels) {
    const z = jStat.normal.inv((1 + level) / 2, 0, 1);
    const half = point.map((_, h) => z * sigma * Math.sqrt(Math.floor(h / m) + 1));
    intervals.set(level, { lower: point.map((p, h) => p - half[h]), upper: point.map((p, h) => p + half[h]) });
  }
  return { point, intervals };
}
