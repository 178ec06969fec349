// Stored model versions: a new version is numbered under a per-project lock, promoted only when its evaluation beat
// the baseline (the previously promoted one is kept for rollback), and old unpromoted versions are pruned.
import { and, desc, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { personalizationModels, personalizationUserFactors } from "@/db/schema";
import { factorBytes, type ModelEvaluation, type ModelManifest, type TrainedModel, type TrainingParams } from "../train";
import type { ContentVectors } from "../content";

/** Newest versions kept besides the promoted one and the one promoted before it. */
const KEEP_VERSIONS = 5;
const USER_ROWS_PER_INSERT = 2000;

export interface StoredModelSummary {
  id: string;
  version: number;
  algorithm: string;
  createdAt: Date;
  promoted: boolean;
  manifest: ModelManifest;
  evaluation: ModelEvaluation;
}

export interface ServingModel {
  id: string;
  version: number;
  dimension: number;
  itemIds: string[];
  itemFactors: Float32Array;
  itemPopularity: number[];
  /** The training parameters (hybrid weights and MMR λ among them). */
  params: Partial<TrainingParams>;
  /** Content vectors of the catalog at training time, or null for a version trained without one. */
  content: ContentVectors | null;
}

/** Bytes to Float32 values, copied so the view is aligned whatever buffer the driver returned. */
export function floatsOf(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Stores `model` as the project's next version; `promote` makes it the served one. */
export async function saveModelVersion(db: Db, projectId: string, model: TrainedModel, promote: boolean): Promise<{ id: string; version: number }> {
  const m = personalizationModels;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`personalization-model:${projectId}`}))`);
    const [last] = await tx.select({ version: m.version }).from(m).where(eq(m.projectId, projectId)).orderBy(desc(m.version)).limit(1);
    const version = (last?.version ?? 0) + 1;
    if (promote) await tx.update(m).set({ promoted: false }).where(and(eq(m.projectId, projectId), eq(m.promoted, true)));
    const [row] = await tx
      .insert(m)
      .values({
        projectId,
        version,
        algorithm: model.manifest.algorithm,
        manifest: model.manifest as unknown as Record<string, unknown>,
        evaluation: model.evaluation as unknown as Record<string, unknown>,
        promoted: promote,
        promotedAt: promote ? new Date() : null,
        itemIds: model.itemIds,
        itemFactors: factorBytes(model.itemFactors),
        itemPopularity: model.itemPopularity,
        contentItemIds: model.content?.itemIds ?? [],
        contentVectors: model.content ? factorBytes(model.content.vectors) : null,
      })
      .returning({ id: m.id });
    const f = model.manifest.dimension;
    for (let start = 0; start < model.userIds.length; start += USER_ROWS_PER_INSERT) {
      const ids = model.userIds.slice(start, start + USER_ROWS_PER_INSERT);
      await tx.insert(personalizationUserFactors).values(
        ids.map((userId, k) => ({ projectId, modelId: row.id, userId, factors: factorBytes(model.userFactors.slice((start + k) * f, (start + k + 1) * f)) })),
      );
    }
    // Keep the promoted version, the one served before it (rollback) and the latest few; older ones (and their user
    // factors, by cascade) go.
    const newest = tx.select({ id: m.id }).from(m).where(eq(m.projectId, projectId)).orderBy(desc(m.version)).limit(KEEP_VERSIONS);
    const previous = tx
      .select({ id: m.id })
      .from(m)
      .where(and(eq(m.projectId, projectId), eq(m.promoted, false), isNotNull(m.promotedAt)))
      .orderBy(desc(m.promotedAt))
      .limit(1);
    await tx.delete(m).where(and(eq(m.projectId, projectId), eq(m.promoted, false), notInArray(m.id, newest), notInArray(m.id, previous)));
    return { id: row.id, version };
  });
}

/** Versions, newest first, without their factors. */
export async function listModelVersions(db: Db, projectId: string): Promise<StoredModelSummary[]> {
  const m = personalizationModels;
  const rows = await db
    .select({ id: m.id, version: m.version, algorithm: m.algorithm, createdAt: m.createdAt, promoted: m.promoted, manifest: m.manifest, evaluation: m.evaluation })
    .from(m)
    .where(eq(m.projectId, projectId))
    .orderBy(desc(m.version));
  return rows.map((r) => ({ ...r, manifest: r.manifest as unknown as ModelManifest, evaluation: r.evaluation as unknown as ModelEvaluation }));
}

/** The promoted version's id and number, or null. */
export async function promotedVersion(db: Db, projectId: string): Promise<{ id: string; version: number } | null> {
  const m = personalizationModels;
  const [row] = await db.select({ id: m.id, version: m.version }).from(m).where(and(eq(m.projectId, projectId), eq(m.promoted, true)));
  return row ?? null;
}

/** A version's item side, for serving. */
export async function loadServingModel(db: Db, projectId: string, modelId: string): Promise<ServingModel | null> {
  const m = personalizationModels;
  const [row] = await db
    .select({
      id: m.id,
      version: m.version,
      manifest: m.manifest,
      itemIds: m.itemIds,
      itemFactors: m.itemFactors,
      itemPopularity: m.itemPopularity,
      contentItemIds: m.contentItemIds,
      contentVectors: m.contentVectors,
    })
    .from(m)
    .where(and(eq(m.projectId, projectId), eq(m.id, modelId)));
  if (!row) return null;
  const manifest = row.manifest as unknown as Partial<ModelManifest>;
  const contentDimension = manifest.content?.dimension;
  return {
    id: row.id,
    version: row.version,
    dimension: Number(manifest.dimension),
    itemIds: row.itemIds,
    itemFactors: floatsOf(row.itemFactors),
    itemPopularity: row.itemPopularity,
    params: manifest.params ?? {},
    content: row.contentVectors && contentDimension ? { itemIds: row.contentItemIds, dimension: contentDimension, vectors: floatsOf(row.contentVectors) } : null,
  };
}

/** One user's factors in a version, or null when the version does not know the user. */
export async function loadUserFactors(db: Db, projectId: string, modelId: string, userId: string): Promise<Float32Array | null> {
  const u = personalizationUserFactors;
  const [row] = await db
    .select({ factors: u.factors })
    .from(u)
    .where(and(eq(u.projectId, projectId), eq(u.modelId, modelId), eq(u.userId, userId)));
  return row ? floatsOf(row.factors) : null;
}

/** Whether the project has any model version at all. */
export async function hasModelVersions(db: Db, projectId: string): Promise<boolean> {
  const [row] = await db.select({ id: personalizationModels.id }).from(personalizationModels).where(eq(personalizationModels.projectId, projectId)).limit(1);
  return Boolean(row);
}

/**
 * Makes a stored version the served one (a rollback, or a version that was kept without promotion); `inTransaction`
 * runs inside the change (its audit row). Returns the version served before.
 */
export async function promoteVersion(db: Db, projectId: string, version: number, inTransaction?: (tx: Db, previous: number | null) => Promise<void>): Promise<{ version: number; previous: number | null }> {
  const m = personalizationModels;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`personalization-model:${projectId}`}))`);
    const [target] = await tx.select({ id: m.id }).from(m).where(and(eq(m.projectId, projectId), eq(m.version, version)));
    if (!target) throw new AppError("not_found", `No model version ${version}`);
    const [current] = await tx.select({ version: m.version }).from(m).where(and(eq(m.projectId, projectId), eq(m.promoted, true)));
    await tx.update(m).set({ promoted: false }).where(and(eq(m.projectId, projectId), eq(m.promoted, true)));
    await tx.update(m).set({ promoted: true, promotedAt: new Date() }).where(and(eq(m.projectId, projectId), eq(m.id, target.id)));
    const previous = current?.version ?? null;
    await inTransaction?.(tx as unknown as Db, previous);
    return { version, previous };
  });
}
