// Annotation queues of a project: creation, the list with progress, adding traces, dataset items or Spectrum insights,
// and a queue's summary (progress, the override ratio of its reviewers against judge scores of the same names, and for
// insights the blinded verdicts per prompt version).
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { annotationQueueItems, annotationQueues, datasetItems, memberships, scores, traces } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import type { AddItemsInput, CreateQueueInput, ScoreConfig } from "../review/queue-input";
import { overrideRatio, type ReviewedItemScores, type StoredScore } from "../review/override-ratio";
import { insightIdsToQueue, insightReviewSummary } from "./insight-review";

/** Score sources that count as a judge's verdict when a reviewer's score is compared with it. */
export const JUDGE_SOURCES = ["llm_judge", "eval"] as const;

export async function createQueue(db: Db, actor: ProjectActor, input: CreateQueueInput) {
  const [clash] = await db.select({ id: annotationQueues.id }).from(annotationQueues).where(and(eq(annotationQueues.projectId, actor.projectId), eq(annotationQueues.name, input.name)));
  if (clash) throw new AppError("conflict", `name: this project already has a queue named ${input.name}`);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(annotationQueues)
      .values({ projectId: actor.projectId, name: input.name, description: input.description ?? null, scoreConfigs: input.scoreConfigs, blinded: input.blinded, createdBy: actor.userId })
      .returning();
    await auditByActor(tx as unknown as Db, actor, { action: "annotation_queue.created", targetType: "annotation_queue", targetId: row!.id, details: { name: input.name } });
    return row!;
  });
}

export async function requireQueue(db: Db, projectId: string, id: string) {
  const [row] = await db.select().from(annotationQueues).where(and(eq(annotationQueues.projectId, projectId), eq(annotationQueues.id, id)));
  if (!row) throw new AppError("not_found", `No annotation queue ${id}`);
  return { ...row, scoreConfigs: row.scoreConfigs as ScoreConfig[] };
}

/** Every queue with its progress (done / total). */
export async function listQueues(db: Db, projectId: string) {
  const rows = await db
    .select({
      id: annotationQueues.id,
      name: annotationQueues.name,
      description: annotationQueues.description,
      blinded: annotationQueues.blinded,
      scoreConfigs: annotationQueues.scoreConfigs,
      createdAt: annotationQueues.createdAt,
      total: sql<number>`count(${annotationQueueItems.id})::int`,
      done: sql<number>`count(${annotationQueueItems.id}) filter (where ${annotationQueueItems.status} = 'done')::int`,
    })
    .from(annotationQueues)
    .leftJoin(annotationQueueItems, eq(annotationQueueItems.queueId, annotationQueues.id))
    .where(eq(annotationQueues.projectId, projectId))
    .groupBy(annotationQueues.id)
    .orderBy(desc(annotationQueues.createdAt));
  return rows.map((r) => ({ ...r, scoreConfigs: r.scoreConfigs as ScoreConfig[], createdAt: r.createdAt.toISOString() }));
}

const missingMessage = (what: string, missing: string[]) =>
  `No ${what} ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ""}`;

/**
 * Adds traces, dataset items and/or Spectrum insights of the project to the queue; every id must name one, or nothing
 * is added. Re-adding is a no-op.
 */
export async function addQueueItems(db: Db, actor: ProjectActor, queueId: string, input: Omit<AddItemsInput, "traceIds" | "datasetItemIds"> & { traceIds?: string[]; datasetItemIds?: string[] }) {
  const queue = await requireQueue(db, actor.projectId, queueId);
  const ids = [...new Set(input.traceIds ?? [])];
  const itemIds = [...new Set(input.datasetItemIds ?? [])];
  if (ids.length) {
    const found = await db.select({ id: traces.id }).from(traces).where(and(eq(traces.projectId, actor.projectId), inArray(traces.id, ids)));
    const known = new Set(found.map((f) => f.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new AppError("not_found", missingMessage("trace", missing));
  }
  if (itemIds.length) {
    const found = await db.select({ id: datasetItems.id }).from(datasetItems).where(and(eq(datasetItems.projectId, actor.projectId), inArray(datasetItems.id, itemIds)));
    const known = new Set(found.map((f) => f.id));
    const missing = itemIds.filter((id) => !known.has(id));
    if (missing.length) throw new AppError("not_found", missingMessage("dataset item", missing));
  }
  const insightIds = await insightIdsToQueue(db, actor.projectId, queue.id, input);
  if (input.assigneeId) {
    const [m] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, input.assigneeId)));
    if (!m) throw new AppError("unprocessable", `assigneeId: ${input.assigneeId} is not a member of this organization`);
  }
  return db.transaction(async (tx) => {
    const values = [
      ...ids.map((traceId) => ({ projectId: actor.projectId, queueId: queue.id, traceId, assigneeId: input.assigneeId ?? null })),
      ...itemIds.map((datasetItemId) => ({ projectId: actor.projectId, queueId: queue.id, datasetItemId, assigneeId: input.assigneeId ?? null })),
      ...insightIds.map((insightId) => ({ projectId: actor.projectId, queueId: queue.id, insightId, assigneeId: input.assigneeId ?? null })),
    ];
    // A sample can come back empty (every insight already queued): nothing to insert.
    const inserted = values.length ? await tx.insert(annotationQueueItems).values(values).onConflictDoNothing().returning({ id: annotationQueueItems.id }) : [];
    await auditByActor(tx as unknown as Db, actor, { action: "annotation_queue.items_added", targetType: "annotation_queue", targetId: queue.id, details: { count: inserted.length } });
    return { added: inserted.length, alreadyQueued: values.length - inserted.length };
  });
}

/** The annotation score ids of an item start with this, so its reviewer's scores are found again by id. */
export const annotationScorePrefix = (itemId: string) => `annotation:${itemId}:`;

/** Progress and the override ratio: reviewers' scores against the latest judge score of the same name per trace. */
export async function queueSummary(db: Db, projectId: string, queueId: string) {
  const queue = await requireQueue(db, projectId, queueId);
  const [{ total }] = await db.select({ total: count() }).from(annotationQueueItems).where(eq(annotationQueueItems.queueId, queue.id));
  const done = await db
    .select({ id: annotationQueueItems.id, traceId: annotationQueueItems.traceId })
    .from(annotationQueueItems)
    .where(and(eq(annotationQueueItems.queueId, queue.id), eq(annotationQueueItems.status, "done")));
  const names = queue.scoreConfigs.map((c) => c.name);
  // Judge scores live on traces: dataset items count in the progress, not in the override ratio.
  const traceIds = [...new Set(done.flatMap((d) => (d.traceId ? [d.traceId] : [])))];
  const human = new Map<string, StoredScore>();
  const judge = new Map<string, StoredScore>();
  if (done.length) {
    const rows = await db
      .select({ id: scores.id, traceId: scores.traceId, name: scores.name, value: scores.value, stringValue: scores.stringValue, source: scores.source })
      .from(scores)
      .where(and(eq(scores.projectId, projectId), inArray(scores.traceId, traceIds), inArray(scores.name, names), inArray(scores.source, ["annotation", ...JUDGE_SOURCES])))
      .orderBy(desc(scores.timestamp), asc(scores.id));
    for (const r of rows) {
      if (r.source === "annotation") human.set(r.id, r);
      else if (!judge.has(`${r.traceId}\u0000${r.name}`)) judge.set(`${r.traceId}\u0000${r.name}`, r);
    }
  }
  const items: ReviewedItemScores[] = done.filter((d) => d.traceId).map((d) => ({
    itemId: d.id,
    scores: queue.scoreConfigs.flatMap((config) => {
      const h = human.get(`${annotationScorePrefix(d.id)}${config.name}`);
      return h ? [{ config, human: h, judge: judge.get(`${d.traceId}\u0000${config.name}`) ?? null }] : [];
    }),
  }));
  return {
    id: queue.id,
    name: queue.name,
    description: queue.description,
    blinded: queue.blinded,
    scoreConfigs: queue.scoreConfigs,
    progress: { done: done.length, total: Number(total) },
    overrides: overrideRatio(items),
    /** Reviewed Spectrum insights: the override ratio of the validator and the verdicts per prompt version; null when none. */
    insights: await insightReviewSummary(db, queue.id, queue.scoreConfigs),
  };
}
