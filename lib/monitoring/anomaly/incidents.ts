/**
 * Incidents: anomalous points grouped so that each incident raises one alert (start, end, peak). A flagged point
 * joins the current incident when it comes within `refractory` slots of the incident's first point, or in the same
 * direction with no more than `maxGap` missing or quiet slots after its last one (an outage with one
 * ordinary-looking point in the middle is still one outage); otherwise it opens a new incident. The refractory period is what HTM- and ARTime-style
 * detectors do after an alert: the points that follow an alert belong to the same event (its aftershocks, the
 * recovery, a drop after a spike) rather than raising alerts of their own. The jobs store, and alert rules fire
 * on, incidents rather than points.
 */
import type { Anomaly } from "./types";

export interface Incident<T> extends Omit<Anomaly, "timestamp"> {
  start: T;
  end: T;
  /** The most surprising point's time; the value, expected, score, ... fields are that point's. */
  peak: T;
  /** Anomalous points in the incident. */
  points: number;
}

export interface IndexRun {
  start: number;
  end: number;
  peak: number;
  points: number;
  /** A stretch of flagged points longer than `maxTransient` slots: a level shift rather than a spike or a drop. */
  persistent: boolean;
}

/**
 * Group ascending flagged slot indices into incidents; `surprise[i]` picks each incident's peak, `side[i]` (the sign
 * of the deviation) ends a stretch where the direction flips (past the refractory period, a spike followed by a
 * drop is two incidents). Causal: whether a
 * point opens an incident depends only on the flagged points before it, so a series revealed in steps gets the
 * same incidents.
 */
export function groupIncidents(flagged: readonly number[], surprise: ArrayLike<number>, side: ArrayLike<number>, maxTransient: number, refractory: number, maxGap = 1): IndexRun[] {
  const runs: IndexRun[] = [];
  let stretchStart = -1; // first slot of the current stretch of flagged points (gaps of at most maxGap, either direction)
  for (const i of flagged) {
    const last = runs[runs.length - 1];
    const near = last !== undefined && i - last.end <= maxGap + 1;
    if (!near) stretchStart = i;
    // Past the refractory period an incident continues while the points come close together in one direction.
    if (last && ((near && Math.sign(side[i]) === Math.sign(side[last.end])) || i - last.start <= refractory)) {
      last.end = i;
      last.points++;
      if (surprise[i] > surprise[last.peak]) last.peak = i;
    } else runs.push({ start: i, end: i, peak: i, points: 1, persistent: false });
    // A level shift: one stretch longer than maxTransient slots (not an incident that merely spans the refractory period).
    if (i - stretchStart + 1 > maxTransient) runs[runs.length - 1].persistent = true;
  }
  return runs;
}
