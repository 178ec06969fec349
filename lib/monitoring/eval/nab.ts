/**
 * NAB-style scoring of anomaly detections against labelled windows
 * (Lavin & Ahmad 2015, "Evaluating Real-time Anomaly Detection Algorithms -
 * the Numenta Anomaly Benchmark"), re-implemented from the published rules:
 *
 *  - Inside a window only the first detection counts, rewarded by a scaled
 *    sigmoid of its position: ~tpWeight at the window start, ~0 at its end.
 *    Later detections in the same window are ignored.
 *  - A detection outside every window is a false positive costing fpWeight
 *    times a sigmoid that is ~0 right after a window and -1 far from it
 *    (and -1 before the first window).
 *  - A window with no detection costs fnWeight.
 *  - Detections in the probationary period (first 15% of rows, at most 750) are ignored.
 *  - Normalised score = 100 * (raw - null) / (perfect - null), where "null"
 *    detects nothing and "perfect" detects every window at its first step.
 *
 * Plus plain event metrics: a window is a true positive if it contains any
 * detection; false positives are runs of consecutive detections outside
 * windows (so a detector reporting every point of an outage is not charged
 * once per point).
 */

export interface NabProfile { tp: number; fp: number; fn: number }

/** Application profiles from NAB's config/profiles.json. */
export const NAB_PROFILES = {
  standard: { tp: 1, fp: 0.11, fn: 1 },
  reward_low_FP_rate: { tp: 1, fp: 0.22, fn: 1 },
  reward_low_FN_rate: { tp: 1, fp: 0.11, fn: 2 },
} satisfies Record<string, NabProfile>;
export type NabProfileName = keyof typeof NAB_PROFILES;

/** One labelled series: row timestamps, windows and detections, all in epoch ms. */
export interface LabelledRun {
  timestamps: number[]; // ascending, one per row
  windows: { start: number; end: number }[]; // inclusive, non-overlapping
  detections: number[];
}

export function scaledSigmoid(x: number): number {
  return x > 3 ? -1 : 2 / (1 + Math.exp(5 * x)) - 1;
}

export interface NabRaw { raw: number; nullScore: number; perfect: number }

/** Raw NAB score for one series; sum these over a corpus before normalising. */
export function nabRawScore(run: LabelledRun, profile: NabProfile, probation = 0.15): NabRaw {
  const rows = run.timestamps.length;
  // NAB: min(floor(p * rows), p * 5000), i.e. at most 750 rows with the default 15%.
  const probationRows = Math.min(Math.floor(probation * rows), probation * 5000);
  const windows = run.windows
    .map((w) => ({ left: firstAtOrAfter(run.timestamps, w.start), right: firstAtOrAfter(run.timestamps, w.end + 1) - 1 }))
    .filter((w) => w.right >= w.left)
    .sort((a, b) => a.left - b.left);
  const detected = new Set(run.detections);
  const maxTp = scaledSigmoid(-1);
  const hit = new Array<number | null>(windows.length).fill(null);
  let fpScore = 0;
  let w = 0; // index of the first window not entirely before row i
  for (let i = 0; i < rows; i++) {
    while (w < windows.length && windows[w].right < i) w++;
    if (!detected.has(run.timestamps[i]) || i < probationRows) continue;
    const cur = windows[w];
    if (cur && i >= cur.left) {
      if (hit[w] === null) {
        const width = cur.right - cur.left + 1;
        hit[w] = (scaledSigmoid(-(cur.right - i + 1) / width) * profile.tp) / maxTp;
      }
      continue;
    }
    const prev = windows[w - 1];
    const position = prev ? Math.abs(prev.right - i) / Math.max(prev.right - prev.left, 1) : Infinity;
    fpScore += (prev ? scaledSigmoid(position) : -1) * profile.fp;
  }
  const tpScore = hit.reduce<number>((s, h) => s + (h ?? -profile.fn), 0);
  return { raw: tpScore + fpScore, nullScore: -profile.fn * windows.length, perfect: profile.tp * windows.length };
}

export function normaliseNab(parts: readonly NabRaw[]): number {
  const raw = parts.reduce((s, p) => s + p.raw, 0);
  const nul = parts.reduce((s, p) => s + p.nullScore, 0);
  const perfect = parts.reduce((s, p) => s + p.perfect, 0);
  return perfect === nul ? 0 : (100 * (raw - nul)) / (perfect - nul);
}

export interface EventCounts { tp: number; fp: number; fn: number }

export function windowEvents(run: LabelledRun, probation = 0.15): EventCounts {
  const probationRows = Math.min(Math.floor(probation * run.timestamps.length), probation * 5000);
  const probationEnd = run.timestamps[Math.min(probationRows, run.timestamps.length - 1)];
  const inWindow = (t: number) => run.windows.some((w) => t >= w.start && t <= w.end);
  const detected = new Set(run.detections.filter((t) => t >= probationEnd));
  const tp = run.windows.filter((w) => [...detected].some((t) => t >= w.start && t <= w.end)).length;
  let fp = 0;
  let inRun = false;
  for (const t of run.timestamps) {
    const isFp = detected.has(t) && !inWindow(t);
    if (isFp && !inRun) fp++;
    inRun = isFp;
  }
  return { tp, fp, fn: run.windows.length - tp };
}

export function precisionRecallF1(c: EventCounts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function firstAtOrAfter(sorted: number[], t: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
