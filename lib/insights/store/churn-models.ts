// Churn model versions and the latest model's per-user risks: a training run writes both in one transaction (the risks
// to churn_scores and to end_users.churn_risk, which the Users list reads), so the Users page never mixes two models.
import { and, desc, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { churnModels, churnScores } from "@/db/schema";
import type { ChurnEvaluation, ChurnScore } from "@/lib/insights/churn/model";
import type { LogisticModel } from "@/lib/insights/churn/logistic";

export interface StoredChurnModel {
  id: string;
  trainedAt: Date;
  churnDays: number;
  model: LogisticModel;
  evaluation: ChurnEvaluation & { asOf: string };
}

export async function saveChurnModel(
  db: Db,
  projectId: string,
  run: { trainedAt: Date; churnDays: number; model: LogisticModel; evaluation: ChurnEvaluation & { asOf: string }; scores: ChurnScore[] },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(churnModels)
      .values({ projectId, trainedAt: run.trainedAt, churnDays: run.churnDays, model: { ...run.model }, evaluation: { ...run.evaluation } })
      .returning({ id: churnModels.id });
    // Scores of earlier models go: a user who is no longer active has no current risk.
    await tx.delete(churnScores).where(eq(churnScores.projectId, projectId));
    for (let k = 0; k < run.scores.length; k += 1000) {
      await tx.insert(churnScores).values(
        run.scores.slice(k, k + 1000).map((s) => ({ projectId, userId: s.userId, modelId: row.id, risk: s.risk, reasons: s.reasons as unknown as Record<string, unknown>[] })),
      );
    }
    await copyRisksToEndUsers(tx as unknown as Db, projectId);
    return row.id;
  });
}

/**
 * Sets end_users.churn_risk to the user's churn_scores risk, null for users it no longer scores; only rows whose value
 * changes are written. Rows are locked in user_id order, as ingest's sightings upsert locks them, so the two do not
 * deadlock. Raw SQL: drizzle's update would stamp updated_at, which the experiment results job reads as a plan change.
 */
export async function copyRisksToEndUsers(db: Db, projectId: string) {
  await db.execute(sql`
    with target as (
      select user_id, risk from churn_scores where project_id = ${projectId}
      union all
      select eu.user_id, null from end_users eu
      where eu.project_id = ${projectId} and eu.churn_risk is not null
        and not exists (select 1 from churn_scores cs where cs.project_id = eu.project_id and cs.user_id = eu.user_id)),
    locked as (
      select eu.user_id, t.risk from end_users eu join target t on t.user_id = eu.user_id
      where eu.project_id = ${projectId} and eu.churn_risk is distinct from t.risk
      order by eu.user_id for update of eu)
    update end_users eu set churn_risk = l.risk from locked l where eu.project_id = ${projectId} and eu.user_id = l.user_id`);
}

export async function latestChurnModel(db: Db, projectId: string): Promise<StoredChurnModel | null> {
  const [row] = await db.select().from(churnModels).where(eq(churnModels.projectId, projectId)).orderBy(desc(churnModels.trainedAt), desc(churnModels.createdAt)).limit(1);
  if (!row) return null;
  return { id: row.id, trainedAt: row.trainedAt, churnDays: row.churnDays, model: row.model as unknown as LogisticModel, evaluation: row.evaluation as unknown as StoredChurnModel["evaluation"] };
}

/** The most at-risk users of the model `modelId`, highest risk first. */
export async function topChurnRisks(db: Db, projectId: string, modelId: string, limit: number): Promise<ChurnScore[]> {
  const rows = await db
    .select({ userId: churnScores.userId, risk: churnScores.risk, reasons: churnScores.reasons })
    .from(churnScores)
    .where(and(eq(churnScores.projectId, projectId), eq(churnScores.modelId, modelId)))
    .orderBy(desc(churnScores.risk), churnScores.userId)
    .limit(limit);
  return rows.map((r) => ({ userId: r.userId, risk: r.risk, reasons: r.reasons as unknown as ChurnScore["reasons"] }));
}

/** Projects with end users: the daily job's fan-out. */
export async function projectsWithEndUsers(db: Db): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(await db.execute(sql`select p.id from projects p where exists (select 1 from end_users u where u.project_id = p.id) order by p.id`));
  return rows.map((r) => r.id);
}
