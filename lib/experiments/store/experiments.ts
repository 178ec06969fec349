/**
 * Experiments as rows: create, edit, list, change status. Every query is scoped by project_id and every change is
 * audited inside the same transaction.
 */
import { and, asc, between, count, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { experimentDailyResults, experimentGuardrailBreaches, experimentNotifications, experimentResults, experiments, users } from "@/db/schema";
import { auditAs } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import {
  ASSIGNMENT_FIELDS,
  canTransition,
  STATUS_ACTIONS,
  type ExperimentConfig,
  type StatusAction,
  type UpdateExperimentInput,
} from "../definition";
import { forgetExperiment } from "../definition-cache";
import { experimentWithRoleEvents } from "../role-presets";
import { metricRoles } from "@/lib/catalog/roles";

export type Experiment = typeof experiments.$inferSelect;

interface Actor {
  userId: string;
  email: string;
  orgId: string;
  projectId: string;
}

export async function findExperiment(db: Db, projectId: string, key: string): Promise<Experiment | null> {
  const [row] = await db
    .select()
    .from(experiments)
    .where(and(eq(experiments.projectId, projectId), eq(experiments.key, key)))
    .limit(1);
  return row ?? null;
}

export async function getExperiment(db: Db, projectId: string, key: string): Promise<Experiment> {
  const row = await findExperiment(db, projectId, key);
  if (!row) throw new AppError("not_found", `No experiment "${key}"`);
  return row;
}

/** The project's running experiments, oldest start first. */
export async function runningExperiments(db: Db, projectId: string): Promise<Experiment[]> {
  return db
    .select()
    .from(experiments)
    .where(and(eq(experiments.projectId, projectId), eq(experiments.status, "running")))
    .orderBy(asc(experiments.startedAt), asc(experiments.key));
}

/**
 * When the project's experiments started or ended within [from, to], ascending and distinct: known change events
 * for forecasts (an experiment moves the metrics it treats the day it starts and the day it ends).
 */
export async function experimentChangeTimes(db: Db, projectId: string, from: Date, to: Date): Promise<Date[]> {
  const rows = await db
    .select({ startedAt: experiments.startedAt, endedAt: experiments.endedAt })
    .from(experiments)
    .where(and(eq(experiments.projectId, projectId), or(between(experiments.startedAt, from, to), between(experiments.endedAt, from, to))));
  const times = rows.flatMap((r) => [r.startedAt, r.endedAt]).filter((t): t is Date => t !== null && t >= from && t <= to);
  return [...new Set(times.map((t) => t.getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
}

/** The list view: each experiment with its cached results' SRM and guardrail state. */
export async function listExperiments(db: Db, projectId: string) {
  const rows = await db
    .select({
      experiment: experiments,
      computedAt: experimentResults.computedAt,
      srmFlagged: experimentResults.srmFlagged,
      guardrailBreached: experimentResults.guardrailBreached,
    })
    .from(experiments)
    .leftJoin(
      experimentResults,
      and(eq(experimentResults.experimentId, experiments.id), eq(experimentResults.projectId, projectId)),
    )
    .where(eq(experiments.projectId, projectId))
    .orderBy(desc(experiments.createdAt), asc(experiments.key));
  const pending = await db
    .select({ experimentId: experimentNotifications.experimentId, count: count() })
    .from(experimentNotifications)
    .where(and(eq(experimentNotifications.projectId, projectId), isNull(experimentNotifications.acknowledgedAt)))
    .groupBy(experimentNotifications.experimentId);
  const pendingBy = new Map(pending.map((p) => [p.experimentId, Number(p.count)]));
  return rows.map(({ experiment, ...state }) => ({
    ...experiment,
    results: state.computedAt ? state : null,
    /** Notifications to the owner not yet acknowledged (guardrail breaches, auto-stops). */
    pendingNotifications: pendingBy.get(experiment.id) ?? 0,
  }));
}

/** `input` is already parsed by createExperimentSchema at the boundary (the route; tests and benches parse too): defaults applied, presets resolved. */
export async function createExperiment(db: Db, actor: Actor, parsed: ExperimentConfig): Promise<Experiment> {
  // Presets count the project's catalog role events (message, error, feedback, session).
  const input = experimentWithRoleEvents(parsed, await metricRoles(db, actor.projectId));
  if (await findExperiment(db, actor.projectId, input.key)) {
    throw new AppError("conflict", `An experiment with key "${input.key}" already exists`);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(experiments)
      .values({ ...input, seed: input.seed ?? input.key, namespace: input.namespace ?? null, projectId: actor.projectId, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    // A concurrent create with the same key won the race.
    if (!row) throw new AppError("conflict", `An experiment with key "${input.key}" already exists`);
    await auditAs(tx, actor, { action: "experiment.created", targetType: "experiment", targetId: row.key, details: { name: row.name } });
    return row;
  });
}

/** Drops the assign path's cached definition once the change is committed (not before, or a reader could re-cache the old row). */
async function afterCommit(projectId: string, key: string, change: Promise<Experiment>): Promise<Experiment> {
  const row = await change;
  await forgetExperiment(projectId, key);
  return row;
}

/** `input` is already parsed by updateExperimentSchema at the boundary. */
export async function updateExperiment(db: Db, actor: Actor, key: string, parsed: UpdateExperimentInput): Promise<Experiment> {
  const input = experimentWithRoleEvents(parsed, await metricRoles(db, actor.projectId));
  const current = await getExperiment(db, actor.projectId, key);
  const changed = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
  const frozen = changed.filter((k) => (ASSIGNMENT_FIELDS as readonly string[]).includes(k));
  if (current.status !== "draft" && frozen.length > 0) {
    throw new AppError(
      "conflict",
      `${frozen.join(", ")} cannot change once the experiment has started (it would mix populations); create a new experiment instead`,
    );
  }
  if (current.status === "stopped") throw new AppError("conflict", "A stopped experiment cannot be edited");
  return afterCommit(actor.projectId, key, db.transaction(async (tx) => {
    const [row] = await tx
      .update(experiments)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(experiments.projectId, actor.projectId), eq(experiments.id, current.id)))
      .returning();
    await auditAs(tx, actor, { action: "experiment.updated", targetType: "experiment", targetId: key, details: { fields: changed } });
    return row;
  }));
}

export async function changeStatus(db: Db, actor: Actor, key: string, action: StatusAction, now = new Date()): Promise<Experiment> {
  const current = await getExperiment(db, actor.projectId, key);
  if (!canTransition(current.status, action)) {
    throw new AppError("conflict", `Cannot ${action} an experiment that is ${current.status}`);
  }
  const status = STATUS_ACTIONS[action];
  return afterCommit(actor.projectId, key, db.transaction(async (tx) => {
    const [row] = await tx
      .update(experiments)
      .set({
        status,
        updatedAt: now,
        ...(action === "start" ? { startedAt: now } : {}),
        ...(action === "stop" ? { endedAt: now, stoppedReason: "stopped by a user" } : {}),
      })
      .where(and(eq(experiments.projectId, actor.projectId), eq(experiments.id, current.id)))
      .returning();
    await auditAs(tx, actor, {
      action: `experiment.${action === "resume" ? "resumed" : action === "stop" ? "stopped" : action === "pause" ? "paused" : "started"}`,
      targetType: "experiment",
      targetId: key,
      details: { from: current.status, to: status },
    });
    return row;
  }));
}

export async function latestResults(db: Db, projectId: string, experimentId: string) {
  const [row] = await db
    .select()
    .from(experimentResults)
    .where(and(eq(experimentResults.projectId, projectId), eq(experimentResults.experimentId, experimentId)))
    .limit(1);
  return row ?? null;
}

export async function listBreaches(db: Db, projectId: string, experimentId: string, limit = 50) {
  return db
    .select()
    .from(experimentGuardrailBreaches)
    .where(and(eq(experimentGuardrailBreaches.projectId, projectId), eq(experimentGuardrailBreaches.experimentId, experimentId)))
    .orderBy(desc(experimentGuardrailBreaches.detectedAt))
    .limit(limit);
}

/** Notifications sent to the experiment's owner, newest first, with the recipient's email. */
export async function listNotifications(db: Db, projectId: string, experimentId: string, limit = 20) {
  return db
    .select({
      id: experimentNotifications.id,
      kind: experimentNotifications.kind,
      message: experimentNotifications.message,
      createdAt: experimentNotifications.createdAt,
      acknowledgedAt: experimentNotifications.acknowledgedAt,
      recipientEmail: users.email,
    })
    .from(experimentNotifications)
    .leftJoin(users, eq(users.id, experimentNotifications.recipientUserId))
    .where(and(eq(experimentNotifications.projectId, projectId), eq(experimentNotifications.experimentId, experimentId)))
    .orderBy(desc(experimentNotifications.createdAt))
    .limit(limit);
}

export async function acknowledgeNotifications(db: Db, actor: Actor, key: string, now = new Date()): Promise<number> {
  const experiment = await getExperiment(db, actor.projectId, key);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(experimentNotifications)
      .set({ acknowledgedAt: now })
      .where(
        and(
          eq(experimentNotifications.projectId, actor.projectId),
          eq(experimentNotifications.experimentId, experiment.id),
          isNull(experimentNotifications.acknowledgedAt),
        ),
      )
      .returning({ id: experimentNotifications.id });
    if (rows.length > 0) {
      await auditAs(tx, actor, { action: "experiment.notifications_acknowledged", targetType: "experiment", targetId: key, details: { count: rows.length } });
    }
    return rows.length;
  });
}

/** The cumulative daily series of every goal metric × treatment, oldest day first. */
export async function dailyResults(db: Db, projectId: string, experimentId: string) {
  return db
    .select({
      day: experimentDailyResults.day,
      metricKey: experimentDailyResults.metricKey,
      variantKey: experimentDailyResults.variantKey,
      n: experimentDailyResults.n,
      controlN: experimentDailyResults.controlN,
      lift: experimentDailyResults.lift,
      lower: experimentDailyResults.lower,
      upper: experimentDailyResults.upper,
    })
    .from(experimentDailyResults)
    .where(and(eq(experimentDailyResults.projectId, projectId), eq(experimentDailyResults.experimentId, experimentId)))
    .orderBy(asc(experimentDailyResults.day), asc(experimentDailyResults.metricKey), asc(experimentDailyResults.variantKey));
}
export type DailyResultRow = Awaited<ReturnType<typeof dailyResults>>[number];
