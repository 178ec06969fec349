/** Built-in monitored metrics: what each measures, its unit, and whether it is a rate over a small count. */
import { WEEKLY_SLA_HOURS } from "@/lib/spectrum/weekly-sla";

export interface MetricInfo {
  /** The metric's one name: every page that shows this quantity uses it, and no other quantity uses it. */
  label: string;
  /** How it is computed, in words a reader can check (shown in the KPI's "how is this computed" popover). */
  definition?: string;
  unit: string;
  /** Rates are only meaningful over enough observations; buckets with fewer are treated as missing by detection. */
  rate: boolean;
  /** Higher is better (thumbs-up rate) or worse (error rate); undefined when neither. */
  higherIsBetter?: boolean;
  /** Values the metric can take: rates live in [0, 1], counts/latency/cost never go below 0; unknown for custom metrics. */
  domain?: MetricDomain;
  /** Buckets with fewer observations are treated as missing by detection and forecasts (a p95 of 5 calls is their max). */
  minCount?: number;
  /** How precisely one bucket is known from its count; the detector never calls a move smaller than that an anomaly. */
  noise?: SamplingNoise;
}

/**
 * binomial: a rate over n, sqrt(p(1-p)/n). poisson: a count of events, sqrt(count). per_event: a sum or a percentile
 * over n events whose values spread about as widely as their mean (latency, tokens, cost): about level/sqrt(n).
 */
export type SamplingNoise = "binomial" | "poisson" | "per_event";

export type MetricDomain = "unit_interval" | "non_negative";

/** Minimum observations behind a rate before detection trusts it. */
export const MIN_RATE_COUNT = 20;

const rate = { domain: "unit_interval", rate: true, unit: "%", minCount: MIN_RATE_COUNT, noise: "binomial" } as const;
const count = { domain: "non_negative", rate: false, noise: "poisson" } as const;
const perEvent = { domain: "non_negative", rate: false, noise: "per_event" } as const;

export const BUILTIN_METRICS: Record<string, MetricInfo> = {
  sessions: { ...count, label: "Product sessions", unit: "sessions", definition: "Count of session events (the catalog's session role, default session_started). Not the trace sessions on the Sessions page, which group traces by session id." },
  messages: { ...count, label: "Messages", unit: "messages", definition: "Count of message events (the catalog's message role, default message_sent)." },
  active_users: { ...count, label: "Active users", unit: "users", definition: "Distinct user ids among product events." },
  error_rate: { ...rate, label: "Product error rate", higherIsBetter: false, definition: "error events ÷ (message + error events), from product events (catalog roles, defaults message_sent and error)." },
  thumbs_up_rate: { ...rate, label: "Thumbs-up rate", higherIsBetter: true, definition: "feedback events rated up ÷ all feedback events." },
  requests: { ...count, label: "Traces", unit: "traces", definition: "Count of traces (per model: count of generation calls)." },
  request_error_rate: { ...rate, label: "Trace error rate", higherIsBetter: false, definition: "Traces at level ERROR ÷ traces (per model: generation calls at level ERROR ÷ generation calls)." },
  latency_p50: { ...perEvent, label: "Latency p50", unit: "ms", higherIsBetter: false, minCount: 10, definition: "Median trace latency (per model: generation call duration)." },
  latency_p95: { ...perEvent, label: "Latency p95", unit: "ms", higherIsBetter: false, minCount: 40, definition: "95th percentile of trace latency (per model: generation call duration)." },
  cost: { ...perEvent, label: "Cost", unit: "USD", definition: "Sum of trace costs: the priced model calls inside them (per model: generation calls)." },
  tokens: { ...perEvent, label: "Tokens", unit: "tokens", definition: "Sum of trace tokens, input + output (per model: generation calls)." },
};

/**
 * Quantities shown as KPIs outside monitoring, named and defined here beside the monitored ones so no two places
 * give one name to different quantities (the Costs board counts model calls, not traces). `window` is the period a
 * KPI covers when it is always the same (a page passes its own when it follows the time range).
 */
export const BOARD_METRICS = {
  model_calls: { label: "Model calls", definition: "Generation and embedding observations, Prism's own calls excluded." },
  model_call_error_rate: { label: "Model-call error rate", definition: "Model calls at level ERROR ÷ model calls." },
  model_call_cost: { label: "Model-call cost", definition: "Sum of the cost of model calls (generations and embeddings)." },
  model_call_tokens: { label: "Model-call tokens", definition: "Sum of tokens of model calls, input + output." },
  user_events: { label: "Product events", definition: "Product events sent with this user id." },
  user_sessions: {
    label: "Sessions, all sources",
    definition: "Distinct session ids among the user's product events and traces, plus their Spectrum sessions. Neither the Overview's product sessions (session events) nor the Sessions page's trace sessions alone.",
  },
  // One trace and one trace session (their tokens and cost are the monitored `tokens` and `cost`, over them).
  trace_latency: { label: "Latency", definition: "The trace's end minus its start (its root span's duration).", window: "this trace" },
  trace_observations: { label: "Observations", definition: "Spans, generations and events recorded in the trace; its level is the most severe of theirs.", window: "this trace" },
  trace_sentiment: {
    label: "User sentiment",
    definition: "The sentiment of the end user's text in the trace (the sentiment job): a label and a polarity from −1 (negative) to +1 (positive).",
    window: "this trace's end-user messages",
  },
  session_turns: { label: "Turns", definition: "Traces carrying this session id, each one turn of the conversation.", window: "this session, all time" },
  session_span: { label: "Span of time", definition: "The first trace's start to the last trace's end; 0 for a single-trace session whose trace has no duration.", window: "this session, all time" },
  // Churn model (users/churn): evaluated on a held-out period.
  churn_auc: { label: "Model AUC", definition: "Probability that a user who churned got a higher risk than one who stayed (Mann-Whitney); 0.5 is chance, 1 is perfect." },
  churn_baseline_auc: { label: "Recency baseline AUC", definition: "The same measure when users are ranked only by days since their last activity." },
  churn_gain: { label: "Gain over the baseline", definition: "Model AUC − recency baseline AUC, in AUC points: above 0 the model ranks churners better than recency alone." },
  // Judge calibration (datasets/[name]/calibration): the judge's scores against human scores on the same items, as pass/fail at a threshold.
  calibration_items: { label: "Items with both scores", definition: "Items of the dataset run whose source trace has both the judge's score and a human score of the compared name." },
  calibration_agreement: { label: "Agreement", definition: "Items where the judge and the human give the same verdict (pass: score ≥ the threshold) ÷ items with both scores." },
  calibration_kappa: { label: "Cohen's kappa", definition: "(agreement − chance agreement) ÷ (1 − chance agreement), chance from each rater's pass rate; undefined when both raters give one constant verdict." },
  calibration_mad: { label: "Mean absolute difference", definition: "Mean of |judge score − human score| over the items with both scores, on the raw scores." },
  calibration_fail_precision: { label: "Precision of “fail”", definition: "Items both the judge and the human failed ÷ items the judge failed." },
  calibration_fail_recall: { label: "Recall of “fail”", definition: "Items both the judge and the human failed ÷ items the human failed." },
  // Experiment results (experiments/[key]).
  experiment_exposed_users: {
    label: "Exposed users",
    definition: "Distinct users with an exposure to a variant, each counted once in the variant of their first exposure (users who saw two or more variants are excluded).",
  },
  experiment_multiple_exposures: { label: "Excluded (saw 2+ variants)", definition: "Users exposed to more than one variant; they are left out of every metric." },
  experiment_srm: {
    label: "Traffic split check",
    definition: "Sample ratio mismatch: a chi-squared test of the exposed users per variant against the planned split; a mismatch is flagged below p 0.001 (GrowthBook's threshold).",
  },
  experiment_engine: {
    label: "Engine",
    definition: "How results are computed: frequentist (t-tests on the difference of means, p-values and confidence intervals at α) or Bayesian (chance to win and credible intervals); correction: how p-values are adjusted for several metrics.",
    window: "the experiment's design, fixed at its start",
  },
  // Jobs page (the job ledger, all modes) and the trace ingest pipeline.
  jobs_runner: { label: "Runner", definition: "Where jobs run: embedded (an in-process runner of the same job definitions) or Inngest, when it is configured.", window: "now" },
  jobs_queued: { label: "Queued", definition: "Job runs in the ledger waiting to start (status queued), this project's and the system's.", window: "now" },
  jobs_running: { label: "Running", definition: "Job runs in the ledger started and not finished (status running).", window: "now" },
  jobs_dead_letters: { label: "Dead letters", definition: "Job runs that failed their last attempt and have not been replayed (listed below, newest first, at most 100).", window: "all time, until replayed" },
  ingest_waiting_spans: { label: "Waiting spans (this project)", definition: "Spans accepted by ingest and not yet merged into the readable tables.", window: "now" },
  ingest_oldest_waiting: { label: "Oldest waiting", definition: "Now minus the acceptance time of the oldest waiting batch.", window: "now" },
  ingest_merged: { label: "Merged, last hour", definition: "Spans made readable by the ingest-merge job, all projects; refused spans failed validation at merge.", window: "the last 60 minutes" },
  ingest_visibility_lag: {
    label: "Visibility lag, last hour",
    definition: "Acceptance → readable time of merged spans: the largest per-merge p95 (typical: the median of per-merge medians; longest: the maximum).",
    window: "the last 60 minutes",
  },
  // Spectrum admin (spectrum): coverage and the SLA judge the last full week; the rest follow the time range.
  spectrum_coverage: { label: "Coverage (last full week)", definition: "End users with a stored weekly aggregate for the week ÷ end users with at least one Spectrum session started in it." },
  spectrum_weekly_sla: {
    label: "Weekly job SLA",
    definition: `Met when a spectrum-weekly run succeeded between the week's end (Monday 00:00 UTC) and ${WEEKLY_SLA_HOURS} h after its Monday 04:00 UTC start, from the job ledger; not yet due while the project is younger than the last scheduled run.`,
    window: "the latest Monday deadline that has passed",
  },
  spectrum_validation_failures: { label: "Validation failures", definition: "Insight drafts the validators rejected (then regenerated) + Spectrum job runs dead-lettered." },
  spectrum_cost_per_user: { label: "Cost per user", definition: "LLM cost of the stored insights ÷ end users with an insight." },
  spectrum_teaser_conversion: {
    label: "Teaser-to-upgrade conversion",
    definition: "Members with a \"plan_upgraded\" event after their first monthly deep-dive teaser view ÷ members who saw the teaser.",
  },
} as const satisfies Record<string, { label: string; definition: string; window?: string }>;

export type BoardMetric = keyof typeof BOARD_METRICS;

export function metricInfo(metric: string): MetricInfo {
  return BUILTIN_METRICS[metric] ?? { label: metric, unit: "", rate: false };
}

export const isBuiltinMetric = (metric: string) => Object.hasOwn(BUILTIN_METRICS, metric);

/** Clamps a value into a metric domain (unknown domain: unchanged). */
export function clampToDomain(value: number, domain: MetricDomain | undefined): number {
  if (!domain || !Number.isFinite(value)) return value;
  return domain === "unit_interval" ? Math.min(1, Math.max(0, value)) : Math.max(0, value);
}

/**
 * A detector's or forecast's expected value and band clamped into the metric's domain: a model fitted on a rate can
 * extrapolate past 100% or below 0%, which no reader should see. The observed value is never touched.
 */
export function clampBand<T extends { expected: number; lower: number; upper: number }>(metric: string, band: T): T {
  const domain = metricInfo(metric).domain;
  if (!domain) return band;
  return { ...band, expected: clampToDomain(band.expected, domain), lower: clampToDomain(band.lower, domain), upper: clampToDomain(band.upper, domain) };
}
