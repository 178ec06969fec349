/** Shape of a cached results computation (experiment_results.snapshot), shared by the job, API and pages. */
import type { AnalyzeResult, TreatmentResult } from "./stats/analyze";
import type { VariantSummary } from "./stats/variant-statistics";

export interface MetricResult {
  metricKey: string;
  metricName: string;
  metricType: "binomial" | "mean" | "count" | "ratio";
  role: "goal" | "guardrail";
  higherIsBetter: boolean;
  summaries: VariantSummary[];
  /** Null when the metric could not be analyzed (e.g. fewer than two variants with units); see `warning`. */
  analysis: AnalyzeResult | null;
  /** Multiple-comparison adjusted p-value per treatment key (goal metrics only). */
  adjustedPValues: Record<string, number | null>;
  warning: string | null;
  /** Goal metrics: the per-variant statistics split by cohort (end_users.plan); the splits add up to `summaries`. */
  cohorts?: Array<{ cohort: string; summaries: VariantSummary[] }>;
}

export interface GuardrailCheck {
  metricKey: string;
  variantKey: string;
  threshold: number;
  lift: number | null;
  /** Sequential one-sided bound on the lift, on the harmful side's near edge. */
  bound: number | null;
  breached: boolean;
}

export interface ExperimentResultsSnapshot {
  computedAt: string;
  durationMs: number;
  engine: AnalyzeResult["engine"];
  alpha: number;
  correction: "holm" | "benjamini-hochberg" | "none";
  controlKey: string;
  exposures: Array<{ variantKey: string; users: number }>;
  /** Users seen in more than one variant: excluded from every metric. */
  multipleExposureUsers: number;
  srm: { pValue: number | null; flagged: boolean };
  metrics: MetricResult[];
  guardrails: GuardrailCheck[];
  breachStreak: number;
  autoStopped: boolean;
  /** How the per-user values were brought up to date (absent in snapshots from before incremental results). */
  unitRefresh?: { mode: "rebuild" | "incremental"; reason: string | null; usersRecomputed: number; refreshMs: number; aggregateMs: number };
}

export type { TreatmentResult };
