/**
 * Per-metric sensitivity and its tuning from user feedback.
 *
 * Detection scores are calibrated (detect.ts): a point's surprise is -log10 of the probability of something at
 * least as extreme in the series' own recent history, the same scale on every series and for every kind. A point
 * is anomalous when its surprise reaches BASE_THRESHOLDS[kind] x multiplier. "medium" is multiplier 1 (a 1-in-10^5
 * event); "high" sensitivity lowers the threshold, "low" raises it, and a number sets the multiplier directly.
 * One multiplier per metric is enough, and feedback on any kind can tune it.
 */
import { z } from "zod";

export type AnomalyKind = "spike" | "drop" | "level_shift" | "trend";
export type Severity = "low" | "medium" | "high" | "critical";
/** Severities from least to most severe, and each one's rank in that order (alert thresholds, triage sort). */
export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export const sensitivitySchema = z.union([
  z.enum(["low", "medium", "high"]),
  z.number().min(0.25).max(10), // threshold multiplier
]);
export type Sensitivity = z.infer<typeof sensitivitySchema>;

/**
 * Surprise thresholds at multiplier 1 (decades of improbability). One scale for every kind: the kind only names the
 * shape of an incident. 5 was chosen on the NAB corpus (bench/monitoring/evaluate.ts), the synthetic set held out.
 */
export const SURPRISE_THRESHOLD = 5;
export const BASE_THRESHOLDS: Record<AnomalyKind, number> = {
  spike: SURPRISE_THRESHOLD,
  drop: SURPRISE_THRESHOLD,
  level_shift: SURPRISE_THRESHOLD,
  trend: SURPRISE_THRESHOLD,
};

const NAMED: Record<"low" | "medium" | "high", number> = { low: 1.3, medium: 1, high: 0.8 };

export function sensitivityMultiplier(s: Sensitivity | undefined): number {
  if (s === undefined) return 1;
  return typeof s === "number" ? s : NAMED[s];
}

export function thresholdFor(kind: AnomalyKind, multiplier: number): number {
  return BASE_THRESHOLDS[kind] * multiplier;
}

/** Severity from how far past its threshold a surprise is (x1.5 medium, x2 high, x3 critical). */
export function severityFor(surprise: number, threshold: number): Severity {
  const ratio = surprise / threshold;
  if (ratio >= 3) return "critical";
  if (ratio >= 2) return "high";
  if (ratio >= 1.5) return "medium";
  return "low";
}

export type FeedbackLabel = "confirmed" | "false_positive";
export interface AnomalyFeedback {
  kind: AnomalyKind;
  score: number;
  label: FeedbackLabel;
}

export const feedbackSchema = z.object({
  kind: z.enum(["spike", "drop", "level_shift", "trend"]),
  score: z.number().nonnegative(),
  label: z.enum(["confirmed", "false_positive"]),
});

/**
 * Share of reviewed alerts that users marked as false positives, counting
 * only alerts that would still fire at `multiplier`. (Strictly this is the
 * false discovery rate of the alerts; it is what users mean by "FP rate".)
 */
export function falsePositiveRate(feedback: readonly AnomalyFeedback[], multiplier = 0): number {
  const fired = feedback.filter((f) => f.score >= thresholdFor(f.kind, multiplier));
  if (fired.length === 0) return 0;
  return fired.filter((f) => f.label === "false_positive").length / fired.length;
}

export interface TuneOptions {
  current?: Sensitivity;
  /** Acceptable share of false positives among alerts. */
  targetFalsePositiveRate?: number;
  /** Do not move the threshold on less evidence than this. */
  minFeedback?: number;
  maxMultiplier?: number;
  minMultiplier?: number;
}

export interface TuneResult {
  multiplier: number;
  previousMultiplier: number;
  falsePositiveRate: number; // at the previous multiplier
  projectedFalsePositiveRate: number; // at the new multiplier
  /** Confirmed anomalies that would no longer be reported. */
  confirmedLost: number;
  reason: string;
}

/**
 * Choose the smallest multiplier (>= current) whose projected false-positive
 * rate meets the target. Raising a threshold only ever drops alerts, so the
 * projection is exact on the reviewed alerts. With a clean record (no false
 * positives) we relax by 10% per round: feedback cannot tell us what lies
 * below the current threshold, so we probe gently.
 */
export function tuneSensitivity(feedback: readonly AnomalyFeedback[], opts: TuneOptions = {}): TuneResult {
  const current = sensitivityMultiplier(opts.current);
  const target = opts.targetFalsePositiveRate ?? 0.2;
  const minFeedback = opts.minFeedback ?? 5;
  const maxM = opts.maxMultiplier ?? 4;
  const minM = opts.minMultiplier ?? 0.5;
  const fired = feedback.filter((f) => f.score >= thresholdFor(f.kind, current));
  const fpr = falsePositiveRate(fired, current);
  const result = (multiplier: number, reason: string): TuneResult => ({
    multiplier,
    previousMultiplier: current,
    falsePositiveRate: fpr,
    projectedFalsePositiveRate: falsePositiveRate(fired, multiplier),
    confirmedLost: fired.filter(
      (f) => f.label === "confirmed" && f.score < thresholdFor(f.kind, multiplier),
    ).length,
    reason,
  });

  if (fired.length < minFeedback) return result(current, `only ${fired.length} reviewed alerts`);
  if (fpr === 0) return result(Math.max(minM, current * 0.9), "no false positives: relaxing 10%");
  if (fpr <= target) return result(current, "false-positive rate within target");

  // Candidate multipliers: just above each false positive's own ratio.
  const candidates = fired
    .filter((f) => f.label === "false_positive")
    .map((f) => (f.score / thresholdFor(f.kind, 1)) * 1.0001)
    .filter((m) => m > current && m <= maxM)
    .sort((a, b) => a - b);
  const meets = candidates.find((m) => falsePositiveRate(fired, m) <= target);
  if (meets !== undefined) return result(meets, "raised to meet target");
  // Unreachable: take the best rate on offer (never worse than today's).
  const best = candidates.reduce((b, m) => (falsePositiveRate(fired, m) < falsePositiveRate(fired, b) ? m : b), current);
  return result(best, "target not reachable; best available rate");
}
