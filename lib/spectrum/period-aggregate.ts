// Period (weekly/monthly, per user) aggregation over session results. Pure:
// the caller selects the sessions of the period (excluded sessions are simply
// not passed in) and passes the previous period's aggregate for shifts.
import { mean, sampleStandardDeviation } from "simple-statistics";
import type { EmotionVector } from "./types";
import { DIMENSIONS, type Dimension, meanVector, vectorDimensions } from "./vector";

export const PERIOD_AGGREGATION_VERSION = "period-v1";

export interface SessionSummary {
  sessionId: string;
  startedAt: string | number | Date;
  vector: EmotionVector;
  patterns: readonly string[];
  /** Session analysis version; sessions of different versions are refused. */
  analysisVersion?: string;
}

export interface DimensionStats {
  mean: number;
  /** Sample standard deviation across sessions (0 with fewer than 2). */
  std: number;
}

export interface Shift {
  previousMean: number;
  delta: number;
  /** Welch's t statistic; null when either period has < 2 sessions or both
   * have zero spread. */
  t: number | null;
  /** |delta| >= minShift and |t| >= tThreshold (a screening flag, not a p-value). */
  significant: boolean;
  direction: "up" | "down" | "flat";
}

export interface NotableDay {
  /** Local calendar date, YYYY-MM-DD, in the requested time zone. */
  date: string;
  sessionCount: number;
  /** Distance between the day's mean and the period mean (valence halved to
   * put it on the same 0..1 scale as the other dimensions). */
  deviation: number;
  /** The dimension that deviates most, with its signed difference. */
  topDimension: Dimension;
  topDelta: number;
}

export interface PeriodAggregate {
  analysisVersion: string | null;
  sessionCount: number;
  stats: Record<Dimension, DimensionStats>;
  /** Share of sessions (0..1) showing each pattern. */
  patternShares: Record<string, number>;
  /** Null when there is no comparable previous period. */
  shifts: Record<Dimension, Shift> | null;
  shiftsUnavailable?: "no-previous-period" | "version-mismatch" | "empty-period";
  notableDays: NotableDay[];
}

export interface PeriodOptions {
  previous?: Pick<PeriodAggregate, "sessionCount" | "stats" | "analysisVersion"> | null;
  /** IANA time zone used to assign sessions to days. Default UTC. */
  timeZone?: string;
  maxNotableDays?: number;
  /** Days deviating less than this from the period mean are not notable. */
  minDayDeviation?: number;
  minShift?: number;
  tThreshold?: number;
}

/** Default thresholds; the set-based SQL form of this aggregation (lib/spectrum/store/period-sql.ts) uses the same ones. */
export const PERIOD_DEFAULTS = { maxNotableDays: 3, minDayDeviation: 0.1, minShift: 0.1, tThreshold: 2 } as const;
const DEFAULTS: { maxNotableDays: number; minDayDeviation: number; minShift: number; tThreshold: number } = PERIOD_DEFAULTS;

function dayKey(at: string | number | Date, timeZone: string): string {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid session timestamp: ${String(at)}`);
  return dayFormatter(timeZone).format(date);
}

// Building an Intl.DateTimeFormat costs far more than formatting with one; the weekly job formats millions of dates.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, f);
  }
  return f;
}

function statsOf(vectors: readonly EmotionVector[]): Record<Dimension, DimensionStats> {
  const out = {} as Record<Dimension, DimensionStats>;
  const dims = vectors.map(vectorDimensions);
  for (const d of DIMENSIONS) {
    const xs = dims.map((v) => v[d]);
    out[d] = xs.length === 0 ? { mean: 0, std: 0 } : { mean: mean(xs), std: xs.length > 1 ? sampleStandardDeviation(xs) : 0 };
  }
  return out;
}

function shiftOf(cur: DimensionStats, n: number, prev: DimensionStats, m: number, o: typeof DEFAULTS): Shift {
  const delta = cur.mean - prev.mean;
  const enough = n >= 2 && m >= 2;
  const se = Math.sqrt(cur.std ** 2 / n + prev.std ** 2 / m);
  const t = enough && se > 0 ? delta / se : null;
  // With zero spread on both sides the difference is exact: only size matters.
  const clear = t !== null ? Math.abs(t) >= o.tThreshold : enough && se === 0;
  const significant = clear && Math.abs(delta) >= o.minShift;
  return { previousMean: prev.mean, delta, t, significant, direction: Math.abs(delta) < 1e-9 ? "flat" : delta > 0 ? "up" : "down" };
}

function notableDays(sessions: readonly SessionSummary[], periodMean: EmotionVector, timeZone: string, o: typeof DEFAULTS): NotableDay[] {
  const byDay = new Map<string, EmotionVector[]>();
  for (const s of sessions) {
    const key = dayKey(s.startedAt, timeZone);
    byDay.set(key, [...(byDay.get(key) ?? []), s.vector]);
  }
  if (byDay.size < 2) return []; // a single day cannot stand out from itself
  const base = vectorDimensions(periodMean);
  const days: NotableDay[] = [];
  for (const [date, vectors] of byDay) {
    const dims = vectorDimensions(meanVector(vectors));
    let sq = 0;
    let topDimension: Dimension = "valence";
    let topScaled = -1;
    for (const d of DIMENSIONS) {
      const scaled = (dims[d] - base[d]) * (d === "valence" ? 0.5 : 1);
      sq += scaled ** 2;
      if (Math.abs(scaled) > topScaled) {
        topScaled = Math.abs(scaled);
        topDimension = d;
      }
    }
    const deviation = Math.sqrt(sq);
    if (deviation >= o.minDayDeviation) {
      days.push({ date, sessionCount: vectors.length, deviation, topDimension, topDelta: dims[topDimension] - base[topDimension] });
    }
  }
  return days.sort((a, b) => b.deviation - a.deviation || a.date.localeCompare(b.date)).slice(0, o.maxNotableDays);
}

export function aggregatePeriod(sessions: readonly SessionSummary[], options: PeriodOptions = {}): PeriodAggregate {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const versions = new Set(sessions.map((s) => s.analysisVersion).filter((v): v is string => v !== undefined));
  if (versions.size > 1) throw new Error(`sessions mix analysis versions: ${[...versions].join(", ")}`);
  const analysisVersion = versions.size === 1 ? [...versions][0] : null;

  const vectors = sessions.map((s) => s.vector);
  const stats = statsOf(vectors);
  const patternCounts = new Map<string, number>();
  for (const s of sessions) for (const p of new Set(s.patterns)) patternCounts.set(p, (patternCounts.get(p) ?? 0) + 1);
  const patternShares = Object.fromEntries([...patternCounts].sort(([a], [b]) => a.localeCompare(b)).map(([p, c]) => [p, c / sessions.length]));

  let shifts: PeriodAggregate["shifts"] = null;
  let shiftsUnavailable: PeriodAggregate["shiftsUnavailable"];
  const prev = options.previous;
  if (!prev || prev.sessionCount === 0) shiftsUnavailable = "no-previous-period";
  else if (sessions.length === 0) shiftsUnavailable = "empty-period";
  else if (prev.analysisVersion && analysisVersion && prev.analysisVersion !== analysisVersion) shiftsUnavailable = "version-mismatch";
  else {
    shifts = {} as Record<Dimension, Shift>;
    for (const d of DIMENSIONS) shifts[d] = shiftOf(stats[d], sessions.length, prev.stats[d], prev.sessionCount, o);
  }

  return {
    analysisVersion,
    sessionCount: sessions.length,
    stats,
    patternShares,
    shifts,
    ...(shiftsUnavailable ? { shiftsUnavailable } : {}),
    notableDays: sessions.length ? notableDays(sessions, meanVector(vectors), options.timeZone ?? "UTC", o) : [],
  };
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
