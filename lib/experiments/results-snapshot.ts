/**
 * The pure half of the hourly results computation: from per-variant sufficient statistics to the snapshot the
 * pages show (the experiment's engine, SRM, multiple-comparison correction over goal metrics × treatments,
 * sequential guardrail checks) and the changes a breach implies (breach rows, audit entries, owner notices,
 * auto-stop after two consecutive breached checks). store/results.ts persists what this decides.
 */
import type { MetricDefinition } from "./definition";
import { dailyRowsFor, type DailyRow } from "./daily-rows";
import type { ExperimentResultsSnapshot, GuardrailCheck, MetricResult } from "./results-types";
import { analyze, type AnalyzeResult } from "./stats/analyze";
import { adjustPValues } from "./stats/multiple-comparisons";
import { sampleRatioMismatch } from "./stats/srm";
import type { VariantSummary } from "./stats/variant-statistics";
import type { Experiment } from "./store/experiments";
import type { ExposureCounts, MetricSummariesResult } from "./store/metric-query";

type EngineSettings = Pick<Experiment, "engine" | "alpha">;

/** Runs analyze() on the variants that have units; null with a warning when there is nothing to compare. */
function analyzeMetric(
  metric: MetricDefinition,
  summaries: VariantSummary[],
  controlKey: string,
  settings: EngineSettings & { sides?: "two-sided" | "greater" | "less" },
): { analysis: AnalyzeResult | null; warning: string | null } {
  const withUnits = summaries.filter((s) => s.n > 0);
  if (!withUnits.some((s) => s.key === controlKey)) return { analysis: null, warning: "no exposed users in the control yet" };
  if (withUnits.length < 2) return { analysis: null, warning: "no exposed users in any treatment yet" };
  try {
    const analysis = analyze({
      metricType: metric.type,
      variants: withUnits,
      controlKey,
      engine: settings.engine,
      alpha: settings.alpha,
      sides: settings.sides ?? "two-sided",
    });
    return { analysis, warning: null };
  } catch (err) {
    return { analysis: null, warning: err instanceof Error ? err.message : "analysis failed" };
  }
}

/** Sequential one-sided test in the harmful direction: breached when even the interval's near edge is worse than the threshold. */
export function checkGuardrail(
  metric: MetricDefinition,
  threshold: number,
  summaries: VariantSummary[],
  controlKey: string,
  alpha: number,
): { result: MetricResult; checks: GuardrailCheck[] } {
  const sides = metric.higherIsBetter ? "less" : "greater";
  const { analysis, warning } = analyzeMetric(metric, summaries, controlKey, { engine: "sequential", alpha, sides });
  const checks = (analysis?.treatments ?? []).map((t): GuardrailCheck => {
    const bound = t.liftCI ? (metric.higherIsBetter ? t.liftCI[1] : t.liftCI[0]) : null;
    const breached = bound !== null && (metric.higherIsBetter ? bound < -threshold : bound > threshold);
    return { metricKey: metric.key, variantKey: t.key, threshold, lift: t.lift, bound, breached };
  });
  return {
    result: {
      metricKey: metric.key,
      metricName: metric.name,
      metricType: metric.type,
      role: "guardrail",
      higherIsBetter: metric.higherIsBetter,
      summaries,
      analysis,
      adjustedPValues: {},
      warning,
    },
    checks,
  };
}

/** Orders summaries like the experiment's variants and fills variants without units with n = 0. */
export function ordered(experiment: Pick<Experiment, "variants">, summaries: VariantSummary[] | undefined): VariantSummary[] {
  return experiment.variants.map((v) => summaries?.find((s) => s.key === v.key) ?? { key: v.key, n: 0, sum: 0 });
}

export interface ResultsInput {
  counts: ExposureCounts;
  bySummary: MetricSummariesResult;
  unitRefresh: ExperimentResultsSnapshot["unitRefresh"];
  /** The end of the analysed window (the experiment's end when it ended before `now`). */
  until: Date;
  now: Date;
}

/** What one results run decided; `snapshot.durationMs` is filled in when it is persisted. */
export interface ResultsOutcome {
  snapshot: ExperimentResultsSnapshot;
  usersByVariant: number[];
  srmFlagged: boolean;
  breached: GuardrailCheck[];
  breachStreak: number;
  autoStop: boolean;
  /** Today's point of the cumulative series (lift with its sequential interval, whatever engine reports the results). */
  dailyRows: DailyRow[];
}

export function computeResults(experiment: Experiment, { counts, bySummary, unitRefresh, until, now }: ResultsInput): ResultsOutcome {
  const controlKey = experiment.variants[0].key;
  const usersByVariant = experiment.variants.map((v) => counts.exposures.find((e) => e.variantKey === v.key)?.users ?? 0);
  const srm = sampleRatioMismatch(usersByVariant, experiment.variants.map((v) => v.weight));
  const summaries = bySummary.totals;

  const goals: MetricResult[] = experiment.goalMetrics.map((metric) => {
    const s = ordered(experiment, summaries.get(metric.key));
    const { analysis, warning } = analyzeMetric(metric, s, controlKey, experiment);
    return {
      metricKey: metric.key,
      metricName: metric.name,
      metricType: metric.type,
      role: "goal",
      higherIsBetter: metric.higherIsBetter,
      summaries: s,
      analysis,
      adjustedPValues: {},
      warning,
      cohorts: (bySummary.cohorts.get(metric.key) ?? []).map((c) => ({ cohort: c.cohort, summaries: ordered(experiment, c.summaries) })),
    };
  });

  // One family: every goal metric × treatment comparison.
  const family = goals.flatMap((g) => (g.analysis?.treatments ?? []).map((t) => ({ g, key: t.key, p: t.pValue })));
  const adjusted =
    experiment.correction === "none" ? family.map((f) => f.p) : adjustPValues(family.map((f) => f.p), experiment.correction);
  family.forEach((f, i) => (f.g.adjustedPValues[f.key] = adjusted[i]));

  const guardrailResults = experiment.guardrails.map((g) =>
    checkGuardrail(g.metric, g.threshold, ordered(experiment, summaries.get(g.metric.key)), controlKey, experiment.alpha),
  );
  const checks = guardrailResults.flatMap((g) => g.checks);
  const breached = checks.filter((c) => c.breached);
  const breachStreak = breached.length > 0 ? experiment.breachStreak + 1 : 0;
  const autoStop = experiment.autoStop && breachStreak >= 2 && experiment.status === "running";

  const dailyRows = dailyRowsFor(experiment, (key) => goals.find((g) => g.metricKey === key)?.summaries ?? [], until.toISOString().slice(0, 10), now);

  const snapshot: ExperimentResultsSnapshot = {
    computedAt: now.toISOString(),
    durationMs: 0,
    engine: experiment.engine,
    alpha: experiment.alpha,
    correction: experiment.correction,
    controlKey,
    exposures: experiment.variants.map((v, i) => ({ variantKey: v.key, users: usersByVariant[i] })),
    multipleExposureUsers: counts.multipleExposureUsers,
    srm: { pValue: srm.pValue, flagged: srm.flagged },
    metrics: [...goals, ...guardrailResults.map((g) => g.result)],
    guardrails: checks,
    breachStreak,
    autoStopped: autoStop,
    unitRefresh,
  };
  return { snapshot, usersByVariant, srmFlagged: srm.flagged, breached, breachStreak, autoStop, dailyRows };
}

export interface OwnerNotice {
  kind: "guardrail_breached" | "auto_stopped";
  message: string;
}

/** The review gate's notices to the owner: on the first breached check, and again when auto-stop acts. */
export function ownerNotices(experiment: Pick<Experiment, "autoStop">, outcome: Pick<ResultsOutcome, "breached" | "breachStreak" | "autoStop">): OwnerNotice[] {
  const { breached, breachStreak, autoStop } = outcome;
  const breachList = breached.map((b) => `${b.metricKey} in ${b.variantKey}`).join(", ");
  const notices: OwnerNotice[] = [];
  if (breached.length > 0 && breachStreak === 1) {
    notices.push({
      kind: "guardrail_breached",
      message: `Guardrail breached: ${breachList}. ${
        experiment.autoStop
          ? "Auto-stop will stop the experiment if the next check is breached too; an admin can stop it now."
          : "Review the results; an admin can stop the experiment."
      }`,
    });
  }
  if (autoStop) notices.push({ kind: "auto_stopped", message: `Stopped automatically: guardrail breached in two consecutive checks (${breachList}).` });
  return notices;
}

export const AUTO_STOP_REASON = "auto-stopped: guardrail breached in two consecutive checks";
