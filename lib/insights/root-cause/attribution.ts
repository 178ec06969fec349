/**
 * Attributes a metric's change between a baseline and a current window to segments (one dimension value, or a
 * combination of two), following Adtributor (Bhagwan et al., "Adtributor: Revenue Debugging in Advertising
 * Systems", NSDI 2014):
 *
 * - Explanatory power (EP): the share of the total change a segment accounts for. For a sum (cost, tokens, counts)
 *   it is the segment's own change over the total change. For a ratio (error rate, a mean, a percentile's exceedance
 *   rate) the change is split additively over segments with the midpoint (Shapley) decomposition
 *     ΔR = Σ_i  w̄_i·Δr_i  +  Δw_i·(r̄_i − R̄)
 *   where w_i is a segment's share of the denominator and r_i its own rate: the first term is the segment's own
 *   change (rate effect), the second the change in the mix of segments (mix effect). Both sum exactly to ΔR.
 * - Surprise: how far the segment's share moved. Adtributor measures it with the Jensen–Shannon divergence between
 *   the baseline and current share distributions; that term grows without bound for a segment whose baseline share
 *   was near zero (a slice that happened to have no errors last week), which on real volumes put slices and
 *   confounded segments first. Candidates are therefore ranked by the linear form of the same idea, the excess
 *   explanatory power `score = min(EP, 1) − expected share`, where the expected share is what a segment would explain if the
 *   change were spread in proportion to size (sums: its baseline share of the metric; ratios: its mean share of the
 *   denominator). For a sum this equals the shift of the segment's share (q − p) scaled by current/change, i.e. the
 *   numerator of Adtributor's surprise without its 1/p weight. The JS surprise is still reported as evidence.
 *
 * Candidates are the segments with EP ≥ MIN_EP and a positive score, highest score first; `contribution` is their
 * EP clamped to [0, 1].
 */

/** What a segment (or the total) adds up to in one window: the metric's numerator and denominator sums. */
export interface Totals {
  num: number;
  den: number;
}

/** Totals with the second moments of the per-row numerator and denominator, for the variance of a change. */
export interface Moments extends Totals {
  num2: number;
  den2: number;
  numDen: number;
}

export interface SegmentInput {
  dimension: string;
  value: string;
  baseline: Totals;
  current: Totals;
  /** The metric as shown for this segment when it is not num/den (a percentile); num/den otherwise. */
  baselineValue?: number | null;
  currentValue?: number | null;
  /** Unscaled per-window moments (the baseline's are not scaled to the current window's length). */
  moments?: { baseline: Moments; current: Moments };
}

export type Effect = "rate" | "mix" | "volume";

export interface Candidate {
  dimension: string;
  value: string;
  /** Share of the total change this segment explains (Adtributor's explanatory power), clamped to [0, 1]. */
  contribution: number;
  /** The metric in this segment, baseline and current windows. */
  baseline: number | null;
  current: number | null;
  /** Excess explanatory power (EP minus the share a proportional change would give it): the ranking key. */
  score: number;
  /** Adtributor's Jensen–Shannon surprise (numerator + denominator shares for ratios). */
  surprise: number;
  evidence: {
    /** Unclamped explanatory power (may exceed 1 when other segments moved the other way). */
    explanatoryPower: number;
    /** Ratios: the segment's own change (rate) and the mix change, in metric units; sums: per-item change (rate) and volume change. */
    rateEffect: number;
    mixEffect: number;
    /** Which of the two dominates. */
    effect: Effect;
    /** Share of the denominator (traffic, votes, timed requests) in each window. */
    baselineShare: number;
    currentShare: number;
    /** Items behind the segment in each window (traces, events, votes). */
    baselineCount: number;
    currentCount: number;
  };
}

/** Adtributor's per-element minimum explanatory power: a segment must explain at least this share of the change. */
export const MIN_EP = 0.1;

/** One element's term of the Jensen–Shannon divergence between share distributions p and q (0·log 0 = 0). */
export function jsSurprise(p: number, q: number): number {
  const m = (p + q) / 2;
  if (m <= 0) return 0;
  const term = (x: number) => (x > 0 ? x * Math.log(x / m) : 0);
  return 0.5 * (term(p) + term(q));
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** The rate/mix decomposition of one segment's term of the total change of a ratio metric (exact, midpoint). */
export function ratioEffects(segment: { baseline: Totals; current: Totals }, total: { baseline: Totals; current: Totals }) {
  const Rb = share(total.baseline.num, total.baseline.den);
  const Rc = share(total.current.num, total.current.den);
  const wb = share(segment.baseline.den, total.baseline.den);
  const wc = share(segment.current.den, total.current.den);
  // A segment absent from a window has no rate there; its weight is 0, so take the other window's rate (no rate effect).
  const rb = segment.baseline.den > 0 ? segment.baseline.num / segment.baseline.den : segment.current.den > 0 ? segment.current.num / segment.current.den : 0;
  const rc = segment.current.den > 0 ? segment.current.num / segment.current.den : rb;
  const rate = ((wb + wc) / 2) * (rc - rb);
  const mix = (wc - wb) * ((rb + rc) / 2 - (Rb + Rc) / 2);
  return { rate, mix, total: Rc - Rb, wb, wc, rb, rc };
}

/** Per-item (rate) and volume effects of a sum: Δ(n·v) = n̄·Δv + Δn·v̄, exact. */
export function sumEffects(segment: { baseline: Totals; current: Totals }) {
  const vb = share(segment.baseline.num, segment.baseline.den);
  const vc = share(segment.current.num, segment.current.den);
  const rate = ((segment.baseline.den + segment.current.den) / 2) * (vc - vb);
  const volume = (segment.current.den - segment.baseline.den) * ((vb + vc) / 2);
  return { rate, volume };
}

/**
 * Scores every segment against the total and returns the candidates (EP ≥ MIN_EP, score > 0), highest score first.
 * `kind` "sum" uses Adtributor's additive EP; "ratio" the rate/mix decomposition.
 */
export function attribute(kind: "sum" | "ratio", total: { baseline: Totals; current: Totals }, segments: SegmentInput[], limit = 10): Candidate[] {
  const change = kind === "sum" ? total.current.num - total.baseline.num : share(total.current.num, total.current.den) - share(total.baseline.num, total.baseline.den);
  if (!Number.isFinite(change) || change === 0) return [];
  const scored: Candidate[] = [];
  for (const s of segments) {
    const pNum = share(s.baseline.num, total.baseline.num), qNum = share(s.current.num, total.current.num);
    const pDen = share(s.baseline.den, total.baseline.den), qDen = share(s.current.den, total.current.den);
    let term: number, rateEffect: number, mixEffect: number, effect: Effect, surprise: number;
    if (kind === "sum") {
      const e = sumEffects(s);
      term = s.current.num - s.baseline.num;
      rateEffect = e.rate;
      mixEffect = e.volume;
      effect = Math.abs(e.volume) > Math.abs(e.rate) ? "volume" : "rate";
      surprise = jsSurprise(pNum, qNum);
    } else {
      const e = ratioEffects(s, total);
      term = e.rate + e.mix;
      rateEffect = e.rate;
      mixEffect = e.mix;
      effect = Math.abs(e.mix) > Math.abs(e.rate) ? "mix" : "rate";
      surprise = jsSurprise(pNum, qNum) + jsSurprise(pDen, qDen);
    }
    const ep = term / change;
    // Clamped: an EP above 1 only says other segments moved the other way, which is no merit of this one.
    const score = Math.min(1, ep) - (kind === "sum" ? pNum : (pDen + qDen) / 2);
    if (!(ep >= MIN_EP) || !(score > 0)) continue;
    const own = (t: Totals) => (t.den > 0 ? t.num / t.den : null);
    scored.push({
      dimension: s.dimension,
      value: s.value,
      contribution: Math.min(1, Math.max(0, ep)),
      baseline: s.baselineValue !== undefined ? s.baselineValue : kind === "sum" ? s.baseline.num : own(s.baseline),
      current: s.currentValue !== undefined ? s.currentValue : kind === "sum" ? s.current.num : own(s.current),
      score,
      surprise,
      evidence: {
        explanatoryPower: ep,
        rateEffect,
        mixEffect,
        effect,
        baselineShare: pDen,
        currentShare: qDen,
        baselineCount: s.baseline.den,
        currentCount: s.current.den,
      },
    });
  }
  return scored.sort(rankOrder).slice(0, limit);
}

/**
 * The dimensions worth combining: the `dims` whose best candidate ranks highest, each with its `values` best-ranked
 * values. Only these pairs are expanded, so two-dimension combinations cost at most
 * C(dims, 2)·values² segments instead of every value pair of every dimension pair.
 */
/** Equal to 12 significant digits: sums added up in another order (the rollups, a hash aggregate) differ in the last bits. */
const level = (x: number) => Number(x.toPrecision(12));

/**
 * Score, then contribution, then name: ties in a fixed order whichever order the segments came in (a hash aggregate
 * or the rollups return them in no particular order).
 */
export function rankOrder(a: Candidate, b: Candidate): number {
  const d = level(b.score) - level(a.score) || level(b.contribution) - level(a.contribution);
  if (d !== 0) return d;
  return a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

export function topDimensionValues(candidates: Candidate[], dims = 3, values = 3): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of candidates) {
    if (c.dimension.includes(" × ")) continue;
    const list = out.get(c.dimension);
    if (list) {
      if (list.length < values) list.push(c.value);
    } else if (out.size < dims) out.set(c.dimension, [c.value]);
  }
  return out;
}

/** How many standard errors a pair's change must stand out from the rest of each of its values to be reported. */
export const PAIR_MIN_Z = 3;

const minus = (a: Moments, b: Moments): Moments => ({ num: a.num - b.num, den: a.den - b.den, num2: a.num2 - b.num2, den2: a.den2 - b.den2, numDen: a.numDen - b.numDen });

/** A rate and its delta-method (ratio estimator) variance: Σ(num − r·den)² / (Σden)². */
function rateWithVariance(m: Moments) {
  if (m.den <= 0) return null;
  const r = m.num / m.den;
  return { r, v: Math.max(0, m.num2 - 2 * r * m.numDen + r * r * m.den2) / (m.den * m.den) };
}

/**
 * Whether a pair's change stands out from the rest of one of its values (parent minus pair) by PAIR_MIN_Z standard
 * errors in the direction of the total change: for ratios a difference in differences of the two rates, for sums
 * the pair's change minus what the rest's relative change predicts for it (variance Σx², compound Poisson).
 */
export function pairStandsOut(kind: "sum" | "ratio", direction: number, scale: number, pair: { baseline: Moments; current: Moments }, parent: { baseline: Moments; current: Moments }): boolean {
  const rest = { baseline: minus(parent.baseline, pair.baseline), current: minus(parent.current, pair.current) };
  if (kind === "ratio") {
    const [pb, pc, rb, rc] = [pair.baseline, pair.current, rest.baseline, rest.current].map(rateWithVariance);
    if (!pb || !pc) return false;
    // No rest to compare with: the pair is all of its value, so it adds nothing to it.
    if (!rb || !rc) return false;
    const d = (pc.r - pb.r) - (rc.r - rb.r);
    return Math.sign(direction) * d >= PAIR_MIN_Z * Math.sqrt(pb.v + pc.v + rb.v + rc.v);
  }
  if (rest.baseline.num <= 0) return false;
  const k = pair.baseline.num / rest.baseline.num;
  const d = pair.current.num - scale * pair.baseline.num - k * (rest.current.num - scale * rest.baseline.num);
  const variance = pair.current.num2 + scale * scale * pair.baseline.num2 + k * k * (rest.current.num2 + scale * scale * rest.baseline.num2);
  return Math.sign(direction) * d >= PAIR_MIN_Z * Math.sqrt(variance);
}

/**
 * Two-dimension candidates survive only as causes of their own: a pair is dropped when one of its values already
 * ranks above it, or when its change does not stand out from the rest of each of its values (pairStandsOut: a
 * slice of a one-dimension cause that happened to move more than the other slices is noise, not a second cause).
 * A pair that passes ranks above its values, and they stay after it.
 */
export function pruneCombinations(
  ranked: Candidate[],
  segments: Map<string, SegmentInput>,
  test: (pair: SegmentInput, parent: SegmentInput) => boolean,
): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of ranked) {
    const dims = c.dimension.split(" × ");
    const values = c.value.split(" × ");
    const parents = dims.map((d, i) => segmentKey(d, values[i]));
    if (dims.length > 1) {
      if (parents.some((p) => seen.has(p))) continue;
      const pair = segments.get(segmentKey(c.dimension, c.value));
      const parentSegments = parents.map((p) => segments.get(p));
      if (!pair || parentSegments.some((p) => !p || !test(pair, p))) continue;
    } else seen.add(parents[0]);
    out.push(c);
  }
  return out;
}

export const segmentKey = (dimension: string, value: string) => `${dimension}\u0000${value}`;

/** A dimension whose mix effect explains at least this share of a ratio's change is reported as one mix shift. */
export const MIX_MIN_SHARE = 0.5;

/**
 * Mix shifts as candidates. A shift of traffic between a dimension's values is one cause, but the midpoint
 * decomposition spreads its mix effect over every value (the ones that grew and the ones that shrank), so no single
 * value would rank. When a dimension's total mix effect explains MIX_MIN_SHARE of the change, the value whose share
 * grew the most is reported with its whole dimension's mix effect as contribution (and as score).
 */
export function mixShiftCandidates(total: { baseline: Totals; current: Totals }, segments: SegmentInput[], dimensions: string[]): Candidate[] {
  const change = share(total.current.num, total.current.den) - share(total.baseline.num, total.baseline.den);
  if (!Number.isFinite(change) || change === 0) return [];
  const out: Candidate[] = [];
  for (const d of dimensions) {
    const mine = segments.filter((s) => s.dimension === d);
    const mix = mine.reduce((a, s) => a + ratioEffects(s, total).mix, 0);
    const explained = mix / change;
    if (!(explained >= MIX_MIN_SHARE)) continue;
    const grew = mine
      .map((s) => ({ s, e: ratioEffects(s, total) }))
      .filter(({ e }) => e.wc > e.wb && e.mix / change > 0)
      .sort((a, b) => level(b.e.wc - b.e.wb) - level(a.e.wc - a.e.wb) || (a.s.value < b.s.value ? -1 : a.s.value > b.s.value ? 1 : 0))[0];
    if (!grew) continue;
    const [candidate] = attribute("ratio", total, [grew.s], 1).concat(baseCandidate(grew.s, grew.e, change));
    out.push({ ...candidate, contribution: Math.min(1, explained), score: Math.min(1, explained), evidence: { ...candidate.evidence, effect: "mix", mixEffect: mix } });
  }
  return out;
}

function baseCandidate(s: SegmentInput, e: ReturnType<typeof ratioEffects>, change: number): Candidate {
  const ep = (e.rate + e.mix) / change;
  return {
    dimension: s.dimension,
    value: s.value,
    contribution: Math.min(1, Math.max(0, ep)),
    baseline: s.baselineValue !== undefined ? s.baselineValue : e.rb,
    current: s.currentValue !== undefined ? s.currentValue : e.rc,
    score: 0,
    surprise: 0,
    evidence: { explanatoryPower: ep, rateEffect: e.rate, mixEffect: e.mix, effect: "mix", baselineShare: e.wb, currentShare: e.wc, baselineCount: s.baseline.den, currentCount: s.current.den },
  };
}
