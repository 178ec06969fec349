/**
 * The persistence half of the hourly results computation: the experiment it reads, and one transaction writing
 * what results-snapshot.ts decided (breach rows with their audit entries, today's series point, owner notices,
 * the breach streak or auto-stop, the snapshot itself).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { experimentGuardrailBreaches, experimentNotifications, experimentResults, experiments, projects } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AUTO_STOP_REASON, ownerNotices, type ResultsOutcome } from "../results-snapshot";
import { writeDailyRows } from "./daily-series";
import type { Experiment } from "./experiments";

export async function experimentById(db: Db, projectId: string, experimentId: string): Promise<Experiment | null> {
  const [experiment] = await db
    .select()
    .from(experiments)
    .where(and(eq(experiments.projectId, projectId), eq(experiments.id, experimentId)))
    .limit(1);
  return experiment ?? null;
}

/** Writes one run's outcome atomically; `durationMs` is read just before the snapshot row is written. */
export async function persistResults(db: Db, experiment: Experiment, outcome: ResultsOutcome, now: Date, durationMs: () => number) {
  const { projectId } = experiment;
  const { snapshot, breached, breachStreak, autoStop } = outcome;
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
    await writeDailyRows(tx, outcome.dailyRows);
    for (const notice of ownerNotices(experiment, outcome)) {
      await tx.insert(experimentNotifications).values({
        projectId,
        experimentId: experiment.id,
        recipientUserId: experiment.createdBy,
        kind: notice.kind,
        message: notice.message,
        createdAt: now,
      });
    }
    await tx
      .update(experiments)
      .set(autoStop ? { breachStreak, status: "stopped", endedAt: now, updatedAt: now, stoppedReason: AUTO_STOP_REASON } : { breachStreak })
      .where(and(eq(experiments.projectId, projectId), eq(experiments.id, experiment.id)));
    if (autoStop) await audit("experiment.auto_stopped", { breaches: breached.map((b) => `${b.metricKey}/${b.variantKey}`), streak: breachStreak });
    snapshot.durationMs = durationMs();
    const row = {
      projectId,
      experimentId: experiment.id,
      computedAt: now,
      durationMs: snapshot.durationMs,
      srmFlagged: outcome.srmFlagged,
      guardrailBreached: breached.length > 0,
      snapshot,
    };
    await tx
      .insert(experimentResults)
      .values(row)
      .onConflictDoUpdate({ target: experimentResults.experimentId, set: row });
  });
}

/** Experiments the hourly job refreshes: every running one (paused ones keep their last results until resumed). */
export async function runningExperiments(db: Db, projectId?: string) {
  return db
    .select({ id: experiments.id, projectId: experiments.projectId, key: experiments.key })
    .from(experiments)
    .where(and(eq(experiments.status, "running"), projectId ? eq(experiments.projectId, projectId) : undefined));
}
