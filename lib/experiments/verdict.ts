/** Plain-language reading of one metric × treatment comparison, and number formatting shared by the pages. */
import type { MetricResult } from "./results-types";
import type { TreatmentResult } from "./stats/analyze";

export type VerdictTone = "win" | "loss" | "neutral" | "warn";
export interface Verdict {
  tone: VerdictTone;
  text: string;
}

export function signedPercent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const v = x * 100;
  return `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(digits)}%`;
}

export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return "—";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

/** Rates as percentages, other metrics as plain numbers. */
export function formatMetricValue(metric: Pick<MetricResult, "metricKey" | "metricType">, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const isRate = metric.metricType === "binomial" || /rate/.test(metric.metricKey);
  if (isRate) return `${(value * 100).toFixed(1)}%`;
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function verdictFor(
  metric: MetricResult,
  treatment: TreatmentResult,
  context: { alpha: number; srmFlagged: boolean; engine: "frequentist" | "sequential" | "bayesian" },
): Verdict {
  const name = metric.metricName.toLowerCase();
  if (context.srmFlagged) {
    return { tone: "warn", text: "Not trustworthy: the traffic split does not match the weights (sample ratio mismatch)." };
  }
  if (treatment.lift === null) {
    return { tone: "warn", text: treatment.warning ? `Cannot compare yet: ${treatment.warning}.` : "Not enough data to compare yet." };
  }
  const improves = (treatment.lift > 0) === metric.higherIsBetter;
  const change = `${signedPercent(treatment.lift)} ${name}`;
  if (context.engine === "bayesian") {
    const chance = treatment.chanceToBeatControl;
    if (chance === null) return { tone: "neutral", text: "Not enough data to compare yet." };
    const win = metric.higherIsBetter ? chance : 1 - chance;
    const pct = `${Math.round(win * 100)}%`;
    if (win >= 1 - context.alpha) return { tone: "win", text: `${treatment.key} is very likely better (${pct} chance to win): ${change}.` };
    if (win <= context.alpha) return { tone: "loss", text: `${treatment.key} is very likely worse (${pct} chance to win): ${change}.` };
    return { tone: "neutral", text: `Inconclusive: ${pct} chance that ${treatment.key} is better. Keep collecting data.` };
  }
  const p = metric.adjustedPValues[treatment.key] ?? treatment.pValue;
  if (p === null) return { tone: "neutral", text: "Not enough data to compare yet." };
  if (p < context.alpha) {
    return improves
      ? { tone: "win", text: `${treatment.key} is better: ${change} (p ${formatPValue(p)}).` }
      : { tone: "loss", text: `${treatment.key} is worse: ${change} (p ${formatPValue(p)}).` };
  }
  return {
    tone: "neutral",
    text: `No significant difference yet (p ${formatPValue(p)}); the interval still includes no change.`,
  };
}
