// A project's training run: load its interactions, train and evaluate (./train.ts), store the version with its
// manifest, and promote it only when it beat the popularity baseline. The daily job and POST .../train call this.
import type { Db } from "@/db/client";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { PERSONALIZATION_TRAIN_REQUESTED } from "@/lib/jobs/catalog";
import { ledgerRecorder } from "@/lib/jobs/inline-run";
import { BPR_TRAINERS, COLLABORATIVE_ALGORITHMS, DEFAULT_TRAINING_PARAMS, trainRecommender, type ModelEvaluation, type ModelManifest, type TrainingParams } from "./train";
import { loadCatalog, loadInteractions } from "./store/interactions";
import { promoteVersion, saveModelVersion } from "./store/models";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import { forgetServedVersion } from "./served-version";

export interface TrainingOutcome {
  modelVersion: number;
  promoted: boolean;
  /** Why the version was not promoted, when it was not. */
  reason?: string;
  manifest: ModelManifest;
  evaluation: ModelEvaluation;
}

export async function trainProjectModel(db: Db, projectId: string, params: Partial<TrainingParams> = {}): Promise<TrainingOutcome> {
  const [records, catalog] = await Promise.all([loadInteractions(db, projectId), loadCatalog(db, projectId)]);
  const model = await trainRecommender(records, { ...DEFAULT_TRAINING_PARAMS, ...params }, catalog);
  if (!model) {
    throw new AppError("conflict", "Nothing to train on yet: no user has a positive interaction with an item that at least two interactions liked (send interaction items first)");
  }
  const promoted = model.evaluation.beatsBaseline;
  const { version } = await saveModelVersion(db, projectId, model, promoted);
  if (promoted) await forgetServedVersion(projectId);
  return {
    modelVersion: version,
    promoted,
    ...(promoted
      ? {}
      : {
          reason: model.evaluation.model.users
            ? "its NDCG@10 on the holdout does not beat the popularity baseline; the previous version keeps serving"
            : "no user has enough interactions to evaluate it (3 distinct liked items); the previous version keeps serving",
        }),
    manifest: model.manifest,
    evaluation: model.evaluation,
  };
}

/** What `POST /api/v1/recommendations/train` may tune; everything else keeps its default. */
export const trainInputSchema = z
  .object({
    factors: z.number().int().min(2).max(256).optional(),
    iterations: z.number().int().min(1).max(50).optional(),
    /** Which collaborative algorithms to train and compare (both by default). */
    algorithms: z.array(z.enum(COLLABORATIVE_ALGORITHMS)).min(1).max(2).optional(),
    /** BPR on one thread (`sequential`, the default) or by stratified SGD on the worker threads (`stratified`). */
    bprTrainer: z.enum(BPR_TRAINERS).optional(),
    /** The MMR trade-off served by this version (1 = no diversity re-ranking). */
    mmrLambda: z.number().min(0).max(1).optional(),
    /** History length at which collaborative and content scores weigh the same. */
    historyHalfWeight: z.number().min(0).max(1000).optional(),
  })
  .strict();

/** A training run requested through the API: run now, recorded in the job ledger as a run of the daily job. */
export async function trainNow(db: Db, projectId: string, params: z.output<typeof trainInputSchema>): Promise<TrainingOutcome> {
  const record = ledgerRecorder(db, projectId, "api");
  return record({ functionId: "personalization-train", eventName: PERSONALIZATION_TRAIN_REQUESTED }, () => trainProjectModel(db, projectId, params));
}

/** Serves `version` from now on (e.g. a rollback to the previous one), audited in the same transaction. */
export async function promoteModelVersion(db: Db, actor: ProjectActor, version: number) {
  const promoted = await promoteVersion(db, actor.projectId, version, (tx, previous) =>
    auditByActor(tx, actor, { action: "personalization.model_promoted", targetType: "model_version", targetId: String(version), details: { previous } }),
  );
  await forgetServedVersion(actor.projectId);
  return promoted;
}
