// Churn model versions and the latest model's per-user risks: a training run writes the model and its churn_scores in one
// transaction, then copies the risks onto end_users.churn_risk (which the Users list reads) in short chunks, so ingest,
// which updates the same end_users rows, never waits on the whole copy (at 1M users it takes ~45 s). Until the copy
// ends the list can show the previous model's risk for some users; a run that dies in between is made good by the
// next run's copy, which writes every value that differs.
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
  const modelId = await db.transaction(async (tx) => {
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
    return row.id;
  });
  await copyRisksToEndUsers(db, projectId);
  return modelId;
}

/**
 * Sets end_users.churn_risk to the user's churn_scores risk, null for users it no longer scores; only rows whose value
 * changes are written. Walks the project's users in user_id order, `chunk` at a time, each chunk its own statement, so
 * a row is locked only for its chunk's write. Rows are locked in user_id order, as ingest's sightings upsert locks
 * them, so the two do not deadlock. Raw SQL: drizzle's update would stamp updated_at, which the experiment results job
 * reads as a plan change.
 */
export async function copyRisksToEndUsers(db: Db, projectId: string, chunk = 2000) {
  for (let after = ""; ; ) {
    const [step] = rowsOf<{ last: string | null }>(
      await db.execute(sql`
        with batch as (
          select eu.user_id, cs.risk from end_users eu
          left join churn_scores cs on cs.project_id = eu.project_id and cs.user_id = eu.user_id
          where eu.project_id = ${projectId} and eu.user_id > ${after} and (cs.user_id is not null or eu.churn_risk is not null)
          order by eu.user_id limit ${chunk}),
        locked as (
          select eu.user_id, b.risk from end_users eu join batch b on b.user_id = eu.user_id
          where eu.project_id = ${projectId} and eu.churn_risk is distinct from b.risk
          order by eu.user_id for update of eu),
        written as (
          update end_users eu set churn_risk = l.risk from locked l
          where eu.project_id = ${projectId} and eu.user_id = l.user_id returning 1)
        select (select max(user_id) from batch) as last, (select count(*) from written) as written`),
    );
    if (!step?.last) return;
    after = step.last;
  }
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
