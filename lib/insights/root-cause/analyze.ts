/**
 * Root cause analysis of one metric between two windows: one grouped scan for the total and every dimension,
 * Adtributor-style attribution (./attribution.ts), then a second scan expanding only the best-ranked values of
 * the top dimensions into two-dimension combinations, and the change events around the current window. Both scans
 * read the hourly root cause rollups where they cover the windows (../store/segment-rollups.ts), the raw rows
 * elsewhere. Percentiles are attributed through their exceedance rate: the share of timed traces slower than the
 * baseline percentile, a ratio decomposed like the others (rate and mix effects), read from merged latency sketches
 * (2% relative error) on the fast path and from the traces exactly with `exact`.
 */
import type { Db } from "@/db/client";
import { metricRoles } from "@/lib/catalog/roles";
import { AppError } from "@/lib/errors";
import { changeEventsAround, type ChangeEvent } from "../store/change-events";
import { scanSegmentsFast } from "../store/segment-rollups";
import { customMetricKeys, scanSegments, type SegmentRow, type SegmentScan, type Window } from "../store/segments";
import { projectDimensionKeys } from "../store/settings";
import { attribute, type Candidate, mixShiftCandidates, type Moments, pairStandsOut, pruneCombinations, rankOrder, ratioEffects, segmentKey, type SegmentInput, topDimensionValues, type Totals } from "./attribution";
import { cohortNamesById } from "@/lib/cohorts/store/cohorts";
import { COHORT_PREFIX, type Dimension, isCohortDimension, metadataKeySchema, resolveDimensions } from "./dimensions";
import { ROOT_CAUSE_METRICS, type RootCauseMetric, type RootCauseMetricName } from "./metrics";
import { tracesHref } from "./links";

export const METHOD = "Adtributor (Bhagwan et al., NSDI 2014) with a rate/mix decomposition for ratios";
const DAY = 86_400_000;
/** Change events are looked for from this long before the current window to its end. */
const CHANGE_EVENT_LEAD_MS = 2 * DAY;
const COMBINE_DIMENSIONS = 3;
const COMBINE_VALUES = 3;
const CANDIDATES = 10;

export interface RootCauseRequest {
  projectId: string;
  metric: RootCauseMetricName;
  /** metric "custom": the custom metric's name. */
  customMetric?: string;
  baseline: Window;
  current: Window;
  dimensions?: Dimension[];
  filters?: SegmentScan["filters"];
  /** Read every window from the raw rows with exact percentiles (the reference the rollups are measured against). */
  exact?: boolean;
}

export interface RootCauseCandidate extends Candidate {
  links: { traces: string };
}

export interface RootCauseResult {
  metric: RootCauseMetricName;
  label: string;
  unit: string;
  method: string;
  baseline: { from: string; to: string; value: number | null; count: number };
  current: { from: string; to: string; value: number | null; count: number };
  /** What is attributed: the metric itself, or (percentiles) the share of items above the baseline percentile. */
  attributed: string;
  dimensions: Dimension[];
  candidates: RootCauseCandidate[];
  /** Ratios: per dimension, the total rate effect and mix effect (they add up to the change). */
  decomposition: { dimension: string; rateEffect: number; mixEffect: number }[];
  changeEvents: ChangeEvent[];
  durationMs: number;
}

const zero = (): Moments => ({ num: 0, den: 0, num2: 0, den2: 0, numDen: 0 });
const key = (dims: string[], values: string[]) => segmentKey(dims.join(" × "), values.join(" × "));

/** Rows → the total and one SegmentInput per (dimension set, values), baseline totals scaled to the current window's length. */
function assemble(rows: SegmentRow[], scale: number, percentile: boolean) {
  const total = { baseline: zero() as Totals, current: zero() as Totals, baselineValue: null as number | null, currentValue: null as number | null };
  const segments = new Map<string, SegmentInput>();
  for (const r of rows) {
    const totals = { num: r.num * (r.current ? 1 : scale), den: r.den * (r.current ? 1 : scale) };
    const raw: Moments = { num: r.num, den: r.den, num2: r.num2, den2: r.den2, numDen: r.numDen };
    if (r.dims.length === 0) {
      total[r.current ? "current" : "baseline"] = totals;
      total[r.current ? "currentValue" : "baselineValue"] = r.quantile;
      continue;
    }
    const k = key(r.dims, r.values);
    const s = segments.get(k) ?? {
      dimension: r.dims.join(" × "),
      value: r.values.join(" × "),
      baseline: zero() as Totals,
      current: zero() as Totals,
      moments: { baseline: zero(), current: zero() },
      ...(percentile ? { baselineValue: null, currentValue: null } : {}),
    };
    s[r.current ? "current" : "baseline"] = totals;
    s.moments![r.current ? "current" : "baseline"] = raw;
    if (percentile) s[r.current ? "currentValue" : "baselineValue"] = r.quantile;
    segments.set(k, s);
  }
  return { total, segments };
}

function validateWindows(baseline: Window, current: Window) {
  for (const [name, w] of [["baseline", baseline], ["current", current]] as const) {
    if (!(w.from.getTime() < w.to.getTime())) throw new AppError("invalid_request", `${name}: from must be before to`);
  }
  if (baseline.from < current.to && current.from < baseline.to) throw new AppError("invalid_request", "baseline: must not overlap the current window");
}

/** A custom metric's definition and default dimensions (its points' keys that are valid metadata keys); 404 with no points. */
async function customMetricOf(db: Db, req: RootCauseRequest): Promise<{ metric: RootCauseMetric; keys: string[] }> {
  const name = req.customMetric ?? "";
  const { keys, points } = await customMetricKeys(db, req.projectId, name, [req.baseline, req.current]);
  if (points === 0) throw new AppError("not_found", `metric: no points of the custom metric ${name} in either window`);
  return { metric: { ...ROOT_CAUSE_METRICS.custom, label: `${name} (mean of points)` }, keys: keys.filter((k) => metadataKeySchema.safeParse(k).success) };
}

export async function analyzeRootCause(db: Db, req: RootCauseRequest): Promise<RootCauseResult> {
  const started = performance.now();
  validateWindows(req.baseline, req.current);
  const custom = req.metric === "custom" ? await customMetricOf(db, req) : null;
  const metric: RootCauseMetric = custom?.metric ?? ROOT_CAUSE_METRICS[req.metric];
  const filtered = new Set((req.filters ?? []).map((f) => f.dimension));
  const dimensions = resolveDimensions(metric.grain, req.dimensions, custom?.keys ?? (await projectDimensionKeys(db, req.projectId))).filter((d) => !filtered.has(d));
  if (dimensions.some(isCohortDimension)) {
    const cohorts = await cohortNamesById(db, req.projectId);
    const missing = dimensions.find((d) => isCohortDimension(d) && !cohorts.has(d.slice(COHORT_PREFIX.length)));
    if (missing) throw new AppError("unprocessable", `dimensions: ${missing} is not a saved cohort of this project`);
  }
  const scan: SegmentScan = { projectId: req.projectId, metric: req.metric, customMetric: req.customMetric, baseline: req.baseline, current: req.current, filters: req.filters, roles: await metricRoles(db, req.projectId) };
  const scale = (req.current.to.getTime() - req.current.from.getTime()) / (req.baseline.to.getTime() - req.baseline.from.getTime());
  const kind = metric.kind === "sum" ? "sum" : "ratio";
  const scanner = req.exact ? scanSegments : scanSegmentsFast;

  const [rows, changeEvents] = await Promise.all([
    scanner(db, scan, [[], ...dimensions.map((d) => [d])]),
    changeEventsAround(db, req.projectId, { from: new Date(req.current.from.getTime() - CHANGE_EVENT_LEAD_MS), to: req.current.to }),
  ]);
  const { total, segments: byKey } = assemble(rows, scale, metric.kind === "percentile");
  const segments = [...byKey.values()];
  const single = attribute(kind, total, segments, Number.POSITIVE_INFINITY);

  // Two-dimension combinations of the top dimensions' best-ranked values only.
  const top = topDimensionValues(single, COMBINE_DIMENSIONS, COMBINE_VALUES);
  // In the analysis's dimension order, so a pair is always named the same way (model × environment).
  const topDims = dimensions.filter((d) => top.has(d));
  const pairs = topDims.flatMap((a, i) => topDims.slice(i + 1).map((b) => [a, b]));
  const combos = pairs.length > 0 ? assemble(await scanner(db, scan, pairs, top as Map<Dimension, string[]>), scale, metric.kind === "percentile").segments : new Map();
  const all = new Map([...byKey, ...combos]);
  const direction = kind === "sum" ? total.current.num - total.baseline.num : total.current.num / total.current.den - total.baseline.num / total.baseline.den;
  const standsOut = (pair: SegmentInput, parent: SegmentInput) => pairStandsOut(kind, direction, scale, pair.moments!, parent.moments!);
  const ranked = attribute(kind, total, [...all.values()], Number.POSITIVE_INFINITY);
  // A mix shift replaces its value's own entry (one cause, credited with its whole dimension's mix effect).
  const shifts = kind === "ratio" ? mixShiftCandidates(total, segments, dimensions) : [];
  const shifted = new Set(shifts.map((c) => segmentKey(c.dimension, c.value)));
  const merged = [...shifts, ...ranked.filter((c) => !shifted.has(segmentKey(c.dimension, c.value)))].sort(rankOrder);
  const candidates = pruneCombinations(merged, all, standsOut).slice(0, CANDIDATES);

  const decomposition =
    kind === "ratio"
      ? dimensions.map((d) => {
          const mine = segments.filter((s) => s.dimension === d).map((s) => ratioEffects(s, total));
          return { dimension: d as string, rateEffect: mine.reduce((a, e) => a + e.rate, 0), mixEffect: mine.reduce((a, e) => a + e.mix, 0) };
        })
      : [];
  const rate = (t: Totals) => (t.den > 0 ? t.num / t.den : null);
  const shown = (t: Totals, q: number | null) => (metric.kind === "percentile" ? q : kind === "sum" ? t.num : rate(t));
  return {
    metric: req.metric,
    label: metric.label,
    unit: metric.unit,
    method: METHOD,
    baseline: { from: req.baseline.from.toISOString(), to: req.baseline.to.toISOString(), value: shown(total.baseline, total.baselineValue), count: total.baseline.den },
    current: { from: req.current.from.toISOString(), to: req.current.to.toISOString(), value: shown(total.current, total.currentValue), count: total.current.den },
    attributed:
      metric.kind === "percentile"
        ? `share of timed traces slower than the baseline p${Math.round(metric.quantile! * 100)} (${total.baselineValue === null ? "n/a" : Math.round(total.baselineValue)} ms)`
        : kind === "sum"
          ? `${metric.label} (baseline scaled to the current window's length)`
          : metric.label,
    dimensions,
    candidates: candidates.map((c) => ({ ...c, links: { traces: tracesHref(req, c) } })),
    decomposition,
    changeEvents,
    durationMs: Math.round(performance.now() - started),
  };
}
