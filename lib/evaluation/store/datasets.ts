// Datasets and their items. Every change bumps the dataset's version; an item is live from the version that added it
// until the one that removed it, so a run pinned to a version always reads the same items.
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { datasetItems, datasetRuns, datasets, observations, traces } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import type { CreateDatasetItemInput } from "../dataset-input";

export async function findDataset(db: Db, projectId: string, name: string) {
  const [row] = await db.select().from(datasets).where(and(eq(datasets.projectId, projectId), eq(datasets.name, name)));
  return row ?? null;
}

export async function requireDataset(db: Db, projectId: string, name: string) {
  const row = await findDataset(db, projectId, name);
  if (!row) throw new AppError("not_found", `No dataset named ${name}`);
  return row;
}

/** Langfuse-style upsert: creates the dataset, or updates the description of the one with that name. */
export async function upsertDataset(db: Db, actor: ProjectActor, input: { name: string; description?: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(datasets)
      .values({ projectId: actor.projectId, name: input.name, description: input.description ?? null })
      .onConflictDoUpdate({ target: [datasets.projectId, datasets.name], set: { description: sql`coalesce(excluded.description, ${datasets.description})` } })
      .returning();
    await auditByActor(tx, actor, { action: "dataset.saved", targetType: "dataset", targetId: row!.id, details: { name: input.name } });
    return row!;
  });
}

export async function listDatasets(db: Db, projectId: string) {
  return db
    .select({
      id: datasets.id,
      name: datasets.name,
      description: datasets.description,
      version: datasets.version,
      createdAt: datasets.createdAt,
      items: sql<number>`(select count(*)::int from ${datasetItems} i where i.dataset_id = ${datasets.id} and i.removed_in_version is null)`,
      runs: sql<number>`(select count(*)::int from ${datasetRuns} r where r.dataset_id = ${datasets.id})`,
    })
    .from(datasets)
    .where(eq(datasets.projectId, projectId))
    .orderBy(asc(datasets.name));
}

/** The condition "live at `version`". */
export function liveAt(version: number) {
  return and(lte(datasetItems.addedInVersion, version), or(isNull(datasetItems.removedInVersion), gt(datasetItems.removedInVersion, version)));
}

export async function itemsAtVersion(db: Db, datasetId: string, version: number) {
  return db.select().from(datasetItems).where(and(eq(datasetItems.datasetId, datasetId), liveAt(version))).orderBy(asc(datasetItems.addedInVersion), asc(datasetItems.position));
}

/** Bumps a dataset's version under its row lock and returns the new number. */
async function nextVersion(tx: Db, datasetId: string): Promise<number> {
  const [row] = await tx.update(datasets).set({ version: sql`${datasets.version} + 1` }).where(eq(datasets.id, datasetId)).returning({ version: datasets.version });
  return row!.version;
}

/** The trace's end user and its first recorded input (the earliest observation that has one). */
async function traceSource(db: Db, projectId: string, traceId: string) {
  const [trace] = await db.select({ userId: traces.userId }).from(traces).where(and(eq(traces.projectId, projectId), eq(traces.id, traceId)));
  if (!trace) return null;
  const [first] = await db
    .select({ input: observations.input, output: observations.output })
    .from(observations)
    .where(and(eq(observations.projectId, projectId), eq(observations.traceId, traceId), isNotNull(observations.input)))
    .orderBy(asc(observations.startTime))
    .limit(1);
  return { userId: trace.userId, input: first?.input ?? null };
}

type NewItem = Omit<CreateDatasetItemInput, "datasetName">;

export interface AddItemsOptions {
  /**
   * Bulk add from traces: a trace that already has a live item in the dataset is skipped (so repeating the same
   * bulk add adds nothing), and so is a trace without a recorded input (`missing` "skip"; by default it is an error).
   */
  skipExistingTraces?: boolean;
  missingInput?: "error" | "skip";
}

/**
 * Adds items as one new dataset version (all or nothing); items from a trace remember its end user for erasure.
 * Nothing to add (every trace skipped) adds no version.
 */
export async function addDatasetItems(db: Db, actor: ProjectActor, datasetName: string, items: NewItem[], options: AddItemsOptions = {}) {
  return db.transaction(async (tx) => {
    const dataset = await requireDataset(tx, actor.projectId, datasetName);
    // The dataset's row lock first: two bulk adds of the same traces run one after the other, the second skips them.
    const [locked] = rowsOf<{ version: number }>(await tx.execute(sql`select version from datasets where id = ${dataset.id} for update`));
    const present = new Set<string>();
    const traceIds = items.flatMap((i) => (i.sourceTraceId ? [i.sourceTraceId] : []));
    if (options.skipExistingTraces && traceIds.length) {
      const existing = await tx
        .select({ traceId: datasetItems.sourceTraceId })
        .from(datasetItems)
        .where(and(eq(datasetItems.datasetId, dataset.id), isNull(datasetItems.removedInVersion), inArray(datasetItems.sourceTraceId, traceIds)));
      for (const e of existing) present.add(e.traceId!);
    }
    let skippedExisting = 0;
    let skippedWithoutInput = 0;
    const rows = [];
    for (const [index, item] of items.entries()) {
      if (item.sourceTraceId && present.has(item.sourceTraceId)) {
        skippedExisting++;
        continue;
      }
      let input = item.input;
      let userId: string | null = null;
      if (item.sourceTraceId) {
        const source = await traceSource(tx, actor.projectId, item.sourceTraceId);
        if (!source) throw new AppError("not_found", `No trace ${item.sourceTraceId}`, [{ path: items.length > 1 ? `${index}.sourceTraceId` : "sourceTraceId" }]);
        userId = source.userId;
        if (input === undefined || input === null) input = source.input;
        if ((input === undefined || input === null) && options.missingInput === "skip") {
          skippedWithoutInput++;
          continue;
        }
        if (input === undefined || input === null) throw new AppError("invalid_request", `input: trace ${item.sourceTraceId} has no recorded input; give one`, [{ path: items.length > 1 ? `${index}.input` : "input" }]);
      }
      rows.push({ input, expectedOutput: item.expectedOutput ?? null, metadata: item.metadata ?? {}, sourceTraceId: item.sourceTraceId ?? null, userId });
    }
    if (rows.length === 0) return { datasetVersion: Number(locked!.version), items: [], skippedExisting, skippedWithoutInput };
    const version = await nextVersion(tx, dataset.id);
    const inserted = [];
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r, j) => ({ ...r, projectId: actor.projectId, datasetId: dataset.id, addedInVersion: version, position: i + j }));
      inserted.push(...(await tx.insert(datasetItems).values(chunk).returning()));
    }
    await auditByActor(tx, actor, { action: "dataset.items_added", targetType: "dataset", targetId: dataset.id, details: { name: datasetName, count: inserted.length, version } });
    return { datasetVersion: version, items: inserted, skippedExisting, skippedWithoutInput };
  });
}

/** Removes an item from the next version on; runs of earlier versions keep it. */
export async function removeDatasetItem(db: Db, actor: ProjectActor, itemId: string) {
  return db.transaction(async (tx) => {
    const [item] = await tx.select().from(datasetItems).where(and(eq(datasetItems.projectId, actor.projectId), eq(datasetItems.id, itemId), isNull(datasetItems.removedInVersion)));
    if (!item) throw new AppError("not_found", `No dataset item ${itemId}`);
    const version = await nextVersion(tx, item.datasetId);
    await tx.update(datasetItems).set({ removedInVersion: version }).where(eq(datasetItems.id, itemId));
    await auditByActor(tx, actor, { action: "dataset.item_removed", targetType: "dataset", targetId: item.datasetId, details: { itemId, version } });
    return { datasetVersion: version };
  });
}

export async function listRuns(db: Db, datasetId: string) {
  return db.select().from(datasetRuns).where(eq(datasetRuns.datasetId, datasetId)).orderBy(desc(datasetRuns.createdAt));
}
