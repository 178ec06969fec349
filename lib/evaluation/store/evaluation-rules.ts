// Evaluation rules of a project: create, list, change, delete. A new rule starts its cursor at `startAt` (default:
// now), so it scores traces from then on; every change is audited in the transaction that makes it.
import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cohorts, evaluationRules } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import type { CreateRuleInput, PatchRuleInput, RuleFilter } from "../online/rule-input";
import { ruleScoreName } from "../online/rule-input";
import type { EvaluatorSpec } from "../evaluators/schema";

export type EvaluationRuleRow = typeof evaluationRules.$inferSelect;

/** A rule as the API shows it: the config, its cursor, and what it did on the UTC day of its last run (`day`). */
export function ruleView(r: EvaluationRuleRow) {
  return {
    id: r.id,
    name: r.name,
    scoreName: ruleScoreName(r.evaluator as EvaluatorSpec),
    evaluator: r.evaluator,
    filter: r.filter,
    sampleRate: r.sampleRate,
    maxPerMinute: r.maxPerMinute,
    maxCostUsdPerDay: r.maxCostUsdPerDay,
    enabled: r.enabled,
    cursor: { timestamp: r.cursorTimestamp.toISOString(), traceId: r.cursorTraceId },
    scoredCount: r.scoredCount,
    day: r.day,
    scoredToday: r.scoredToday,
    costTodayUsd: r.costTodayUsd,
    lastRunAt: r.lastRunAt?.toISOString() ?? null,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  };
}

async function checkCohort(db: Db, projectId: string, filter: RuleFilter | undefined) {
  if (!filter?.cohortId) return;
  const [c] = await db.select({ id: cohorts.id }).from(cohorts).where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, filter.cohortId)));
  if (!c) throw new AppError("unprocessable", `filter.cohortId: no cohort ${filter.cohortId} in this project`);
}

async function checkNameFree(db: Db, projectId: string, name: string, exceptId?: string) {
  const [clash] = await db
    .select({ id: evaluationRules.id })
    .from(evaluationRules)
    .where(and(eq(evaluationRules.projectId, projectId), eq(evaluationRules.name, name), ...(exceptId ? [ne(evaluationRules.id, exceptId)] : [])));
  if (clash) throw new AppError("conflict", `name: this project already has a rule named ${name}`);
}

export async function listRules(db: Db, projectId: string) {
  return db.select().from(evaluationRules).where(eq(evaluationRules.projectId, projectId)).orderBy(asc(evaluationRules.createdAt), asc(evaluationRules.id));
}

export async function requireRule(db: Db, projectId: string, id: string) {
  const [row] = await db.select().from(evaluationRules).where(and(eq(evaluationRules.projectId, projectId), eq(evaluationRules.id, id)));
  if (!row) throw new AppError("not_found", `No evaluation rule ${id}`);
  return row;
}

export async function createRule(db: Db, actor: ProjectActor, input: CreateRuleInput & { startAt?: string }, now: Date) {
  const startAt = input.startAt ? new Date(input.startAt) : now;
  if (startAt.getTime() > now.getTime()) throw new AppError("unprocessable", "startAt: must not be in the future");
  await checkCohort(db, actor.projectId, input.filter);
  await checkNameFree(db, actor.projectId, input.name);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evaluationRules)
      .values({
        projectId: actor.projectId,
        name: input.name,
        evaluator: input.evaluator as Record<string, unknown>,
        filter: input.filter,
        sampleRate: input.sampleRate,
        maxPerMinute: input.maxPerMinute,
        maxCostUsdPerDay: input.maxCostUsdPerDay,
        enabled: input.enabled,
        cursorTimestamp: startAt,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await auditByActor(tx as unknown as Db, actor, { action: "evaluation_rule.created", targetType: "evaluation_rule", targetId: row!.id, details: { name: input.name } });
    return row!;
  });
}

export async function updateRule(db: Db, actor: ProjectActor, id: string, patch: PatchRuleInput, now: Date) {
  const current = await requireRule(db, actor.projectId, id);
  const evaluator = patch.evaluator ?? (current.evaluator as EvaluatorSpec);
  const cap = patch.maxCostUsdPerDay !== undefined ? patch.maxCostUsdPerDay : current.maxCostUsdPerDay;
  if (evaluator.type !== "llm_judge" && cap !== null) {
    throw new AppError("invalid_request", "maxCostUsdPerDay: applies to llm_judge rules only (deterministic evaluators cost nothing)");
  }
  if (patch.name) await checkNameFree(db, actor.projectId, patch.name, id);
  await checkCohort(db, actor.projectId, patch.filter);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(evaluationRules)
      .set({
        ...patch,
        ...(patch.evaluator ? { evaluator: patch.evaluator as Record<string, unknown> } : {}),
        // A cap that was raised (or removed) takes effect at the next run.
        ...(patch.maxCostUsdPerDay !== undefined || patch.maxPerMinute !== undefined ? { status: null } : {}),
        updatedAt: now,
      })
      .where(and(eq(evaluationRules.projectId, actor.projectId), eq(evaluationRules.id, id)))
      .returning();
    await auditByActor(tx as unknown as Db, actor, { action: "evaluation_rule.updated", targetType: "evaluation_rule", targetId: id, details: { fields: Object.keys(patch) } });
    return row!;
  });
}

/** Deletes the rule; the scores it wrote stay (they describe traces, not the rule). */
export async function deleteRule(db: Db, actor: ProjectActor, id: string) {
  await requireRule(db, actor.projectId, id);
  await db.transaction(async (tx) => {
    await tx.delete(evaluationRules).where(and(eq(evaluationRules.projectId, actor.projectId), eq(evaluationRules.id, id)));
    await auditByActor(tx as unknown as Db, actor, { action: "evaluation_rule.deleted", targetType: "evaluation_rule", targetId: id, details: {} });
  });
}

/** Projects with at least one enabled rule: the job's fan-out. */
export async function projectsWithEnabledRules(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ projectId: evaluationRules.projectId }).from(evaluationRules).where(eq(evaluationRules.enabled, true));
  return rows.map((r) => r.projectId);
}
