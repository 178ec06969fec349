/**
 * The results computation behind the hourly job: sufficient statistics by SQL, then the experiment's engine,
 * SRM, multiple-comparison correction over goal metrics × treatments, and guardrail checks with the sequential
 * engine (breach rows, audit, optional auto-stop after two consecutive breached checks).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  experimentGuardrailBreaches,
  experimentNotifications,
  experimentResults,
  experiments,
  projects,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import type { MetricDefinition } from "./definition";
import { backfillDailySeries, dailyRowsFor, writeDailyRows } from "./daily-series";
import { forgetExperiment } from "./definition-cache";
import { summariesFromUnits } from "./unit-totals";
import { refreshUnitValues } from "./unit-values";
import type { ExperimentResultsSnapshot, GuardrailCheck, MetricResult } from "./results-types";
import { analyze, type AnalyzeResult } from "./stats/analyze";
import { adjustPValues } from "./stats/multiple-comparisons";
import { sampleRatioMismatch } from "./stats/srm";
import type { VariantSummary } from "./stats/variant-statistics";
import type { Experiment } from "./store";

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
function ordered(experiment: Experiment, summaries: VariantSummary[] | undefined): VariantSummary[] {
  return experiment.variants.map((v) => summaries?.find((s) => s.key === v.key) ?? { key: v.key, n: 0, sum: 0 });
}

export interface ComputeOptions {
  now?: Date;
}

export async function computeExperimentResults(
  db: Db,
  projectId: string,
  experimentId: string,
  { now = new Date() }: ComputeOptions = {},
): Promise<ExperimentResultsSnapshot> {
  const started = performance.now();
  const [experiment] = await db
    .select()
    .from(experiments)
    .where(and(eq(experiments.projectId, projectId), eq(experiments.id, experimentId)))
    .limit(1);
  if (!experiment) throw new AppError("not_found", "No such experiment");
  const until = experiment.endedAt && experiment.endedAt < now ? experiment.endedAt : now;
  const controlKey = experiment.variants[0].key;

  const allMetrics = new Map<string, MetricDefinition>();
  for (const m of [...experiment.goalMetrics, ...experiment.guardrails.map((g) => g.metric)]) allMetrics.set(m.key, m);
  // Per-user values are brought up to date incrementally (only users whose exposures or events changed), then
  // aggregated; equal to the full computation in metric-query.ts (tests/experiments-incremental.test.ts).
  const refresh = await refreshUnitValues(db, projectId, experiment.id, [...allMetrics.values()], until);
  const aggregateStarted = performance.now();
  const { counts, summaries: bySummary } = await summariesFromUnits(db, projectId, experiment.id, [...allMetrics.values()]);
  const unitRefresh = { ...refresh, aggregateMs: Math.round(performance.now() - aggregateStarted) };
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

  // Today's point of the cumulative series (lift with its sequential interval, whatever engine reports the results).
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

  await db.transaction(async (tx) => {
    const [project] = await tx.select({ orgId: projects.orgId }).from(projects).where(eq(projects.id, projectId));
    const audit = (action: string, details: Record<string, unknown>) =>
      recordAudit(tx, {
        orgId: project.orgId,
        projectId,
        actor: { userId: null, email: null },
        action,
        targetType: "experiment",
        targetId: experiment.key,
        details,
      });
    for (const b of breached) {
      await tx.insert(experimentGuardrailBreaches).values({
        projectId,
        experimentId: experiment.id,
        metricKey: b.metricKey,
        variantKey: b.variantKey,
        lift: b.lift,
        bound: b.bound,
        threshold: b.threshold,
        streak: breachStreak,
        detectedAt: now,
      });
      await audit("experiment.guardrail_breached", {
        metric: b.metricKey,
        variant: b.variantKey,
        lift: b.lift,
        bound: b.bound,
        threshold: b.threshold,
        streak: breachStreak,
        firstNotice: breachStreak === 1,
      });
    }
    await writeDailyRows(tx, dailyRows);
    // The review gate's notice goes to the owner on the first breached check, and again when auto-stop acts.
    const notify = (kind: "guardrail_breached" | "auto_stopped", message: string) =>
      tx.insert(experimentNotifications).values({
        projectId,
        experimentId: experiment.id,
        recipientUserId: experiment.createdBy,
        kind,
        message,
        createdAt: now,
      });
    const breachList = breached.map((b) => `${b.metricKey} in ${b.variantKey}`).join(", ");
    if (breached.length > 0 && breachStreak === 1) {
      await notify(
        "guardrail_breached",
        `Guardrail breached: ${breachList}. ${
          experiment.autoStop
            ? "Auto-stop will stop the experiment if the next check is breached too; an admin can stop it now."
            : "Review the results; an admin can stop the experiment."
        }`,
      );
    }
    if (autoStop) await notify("auto_stopped", `Stopped automatically: guardrail breached in two consecutive checks (${breachList}).`);
    await tx
      .update(experiments)
      .set(
        autoStop
          ? { breachStreak, status: "stopped", endedAt: now, updatedAt: now, stoppedReason: "auto-stopped: guardrail breached in two consecutive checks" }
          : { breachStreak },
      )
      .where(and(eq(experiments.projectId, projectId), eq(experiments.id, experiment.id)));
    if (autoStop) await audit("experiment.auto_stopped", { breaches: breached.map((b) => `${b.metricKey}/${b.variantKey}`), streak: breachStreak });
    snapshot.durationMs = Math.round(performance.now() - started);
    const row = {
      projectId,
      experimentId: experiment.id,
      computedAt: now,
      durationMs: snapshot.durationMs,
      srmFlagged: srm.flagged,
      guardrailBreached: breached.length > 0,
      snapshot,
    };
    await tx
      .insert(experimentResults)
      .values(row)
      .onConflictDoUpdate({ target: experimentResults.experimentId, set: row });
  });
  if (autoStop) forgetExperiment(projectId, experiment.key);
  await backfillDailySeries(db, experiment, until, usersByVariant.reduce((a, b) => a + b, 0));
  return snapshot;
}

/** Experiments the hourly job refreshes: every running one (paused ones keep their last results until resumed). */
export async function runningExperiments(db: Db, projectId?: string) {
  return db
    .select({ id: experiments.id, projectId: experiments.projectId, key: experiments.key })
    .from(experiments)
    .where(and(eq(experiments.status, "running"), projectId ? eq(experiments.projectId, projectId) : undefined));
}
