/**
 * Incidents: consecutive anomalous points form one incident (start, end, peak). A gap of missing or quiet slots no
 * longer than `maxGap` inside a run does not split it (an outage with one ordinary-looking point in the middle is
 * still one outage). The jobs store, and alert rules fire on, incidents rather than points.
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
  /** Longer than `maxTransient` slots: a level shift rather than a spike or a drop. */
  persistent: boolean;
}

/**
 * Group ascending flagged slot indices into runs; `surprise[i]` picks each run's peak, `side[i]` (the sign of the
 * deviation) splits a run where the direction flips (a spike followed by a drop is two incidents).
 */
export function groupIncidents(flagged: readonly number[], surprise: ArrayLike<number>, side: ArrayLike<number>, maxTransient: number, maxGap = 1): IndexRun[] {
  const runs: IndexRun[] = [];
  for (const i of flagged) {
    const last = runs[runs.length - 1];
    if (last && i - last.end <= maxGap + 1 && Math.sign(side[i]) === Math.sign(side[last.end])) {
      last.end = i;
      last.points++;
      if (surprise[i] > surprise[last.peak]) last.peak = i;
    } else runs.push({ start: i, end: i, peak: i, points: 1, persistent: false });
  }
  for (const r of runs) r.persistent = r.end - r.start + 1 > maxTransient;
  return runs;
}
