// A reviewer's side of a queue: the next item to review (blinded queues hide trace, model, version and prompt names
// (for insights: prompt version, model and period; the facts still name the period) and shuffle the order per reviewer, deterministically, so a reload shows the same item) and the review itself,
// which writes the reviewer's scores (source "annotation") and marks the item done in one transaction.
import { and, asc, count, eq, isNull, or, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { annotationQueueItems, scores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { ProjectActor } from "@/lib/auth/actor";
import { traceInputSql, traceOutputSql } from "@/lib/traces/store/trace-payloads";
import { samplePosition } from "../online/sampling";
import { checkReviewScores, type ReviewInput } from "../review/queue-input";
import { annotationScorePrefix, requireQueue } from "./annotation-queues";
import { insightContent, type InsightContext } from "./insight-review";

/** Who reviews: a member (by user id) or a project API key (by key id). */
export interface Reviewer {
  key: string;
  userId: string | null;
}

async function progress(db: Db, queueId: string) {
  const [row] = await db
    .select({ total: count(), done: sql<number>`count(*) filter (where ${annotationQueueItems.status} = 'done')::int` })
    .from(annotationQueueItems)
    .where(eq(annotationQueueItems.queueId, queueId));
  return { done: Number(row?.done ?? 0), total: Number(row?.total ?? 0) };
}

interface TraceContent {
  input: unknown;
  output: unknown;
  name: string | null;
  timestamp: string;
  release: string | null;
  version: string | null;
  tags: string[];
  prompt_name: string | null;
  prompt_version: string | null;
  models: string[] | null;
}

async function traceContent(db: Db, projectId: string, traceId: string): Promise<TraceContent | undefined> {
  const res = await db.execute(sql`
    select ${traceInputSql("t")} as input, ${traceOutputSql("t")} as output, t.name, t.timestamp, t.release, t.version, t.tags,
      coalesce(t.metadata->>'prompt.name', t.metadata#>>'{prompt,name}') as prompt_name,
      coalesce(t.metadata->>'prompt.version', t.metadata#>>'{prompt,version}') as prompt_version,
      (select array_agg(distinct o.model) from observations o where o.project_id = t.project_id and o.trace_id = t.id and o.model is not null) as models
    from traces t where t.project_id = ${projectId} and t.id = ${traceId}`);
  return rowsOf<TraceContent>(res)[0];
}

/** What an unblinded reviewer sees beside the item (a blinded one sees none of it). */
export interface ReviewItemContext {
  traceName: string | null;
  timestamp: string | null;
  models: string[];
  release: string | null;
  version: string | null;
  tags: string[];
  prompt: { name: string; version: string | null } | null;
}
export interface ReviewItem {
  id: string;
  /**
   * What is reviewed: a production trace (its input and output), a dataset item (its input and expected output) or a
   * generated Spectrum insight (the facts it was written from as input, its text as output).
   */
  kind: "trace" | "dataset_item" | "insight";
  input: unknown;
  output: unknown;
  traceId?: string;
  context?: ReviewItemContext;
  /** Unblinded dataset items: the dataset and the item's source trace, if any. */
  datasetItem?: { id: string; dataset: string; sourceTraceId: string | null; metadata: Record<string, unknown> };
  /** Unblinded insights: period, prompt version, model and provider (never the end user). */
  insight?: InsightContext;
}

interface DatasetItemContent {
  input: unknown;
  expected_output: unknown;
  metadata: Record<string, unknown>;
  source_trace_id: string | null;
  dataset: string;
}

async function datasetItemContent(db: Db, projectId: string, itemId: string): Promise<DatasetItemContent | undefined> {
  const res = await db.execute(sql`
    select i.input, i.expected_output, i.metadata, i.source_trace_id, d.name as dataset
    from dataset_items i join datasets d on d.id = i.dataset_id
    where i.project_id = ${projectId} and i.id = ${itemId}`);
  return rowsOf<DatasetItemContent>(res)[0];
}

/** The caller's next pending item (assigned to them first, then unassigned), skipping `skip`; null when none is left. */
export async function nextItem(db: Db, projectId: string, queueId: string, reviewer: Reviewer, skip: string[] = []) {
  const queue = await requireQueue(db, projectId, queueId);
  const mine = reviewer.userId ? or(isNull(annotationQueueItems.assigneeId), eq(annotationQueueItems.assigneeId, reviewer.userId)) : isNull(annotationQueueItems.assigneeId);
  const pending = await db
    .select({
      id: annotationQueueItems.id,
      traceId: annotationQueueItems.traceId,
      datasetItemId: annotationQueueItems.datasetItemId,
      insightId: annotationQueueItems.insightId,
      assigneeId: annotationQueueItems.assigneeId,
    })
    .from(annotationQueueItems)
    .where(and(eq(annotationQueueItems.queueId, queue.id), eq(annotationQueueItems.status, "pending"), mine))
    .orderBy(asc(annotationQueueItems.seq));
  const skipped = new Set(skip);
  const open = pending.filter((p) => !skipped.has(p.id));
  const rank = (p: (typeof open)[number]) => (p.assigneeId ? 0 : 1);
  const ordered = queue.blinded
    ? open.map((p) => ({ p, k: samplePosition(reviewer.key, p.id) })).sort((a, b) => rank(a.p) - rank(b.p) || a.k - b.k).map((x) => x.p)
    : open.sort((a, b) => rank(a) - rank(b));
  const base = { queue: { id: queue.id, name: queue.name, blinded: queue.blinded, scoreConfigs: queue.scoreConfigs }, progress: await progress(db, queue.id), remaining: ordered.length };
  const head = ordered[0];
  if (!head) return { ...base, item: null as ReviewItem | null };
  if (head.insightId) {
    const c = await insightContent(db, projectId, head.insightId);
    const item: ReviewItem = { id: head.id, kind: "insight", input: c?.facts ?? null, output: c?.text ?? null };
    if (queue.blinded || !c) return { ...base, item };
    return { ...base, item: { ...item, insight: c.context } };
  }
  if (head.datasetItemId) {
    const d = await datasetItemContent(db, projectId, head.datasetItemId);
    const item: ReviewItem = { id: head.id, kind: "dataset_item", input: d?.input ?? null, output: d?.expected_output ?? null };
    if (queue.blinded || !d) return { ...base, item };
    return { ...base, item: { ...item, datasetItem: { id: head.datasetItemId, dataset: d.dataset, sourceTraceId: d.source_trace_id, metadata: d.metadata } } };
  }
  const content = await traceContent(db, projectId, head.traceId!);
  const item: ReviewItem = { id: head.id, kind: "trace", input: content?.input ?? null, output: content?.output ?? null };
  if (queue.blinded) return { ...base, item };
  return {
    ...base,
    item: {
      ...item,
      traceId: head.traceId,
      context: {
        traceName: content?.name ?? null,
        timestamp: content ? new Date(content.timestamp).toISOString() : null,
        models: content?.models ?? [],
        release: content?.release ?? null,
        version: content?.version ?? null,
        tags: content?.tags ?? [],
        prompt: content?.prompt_name ? { name: content.prompt_name, version: content.prompt_version } : null,
      },
    } as ReviewItem | null,
  };
}

/** Stores a review: scores checked against the queue's configs first, so a bad review writes nothing. */
export async function reviewItem(db: Db, actor: ProjectActor, queueId: string, itemId: string, input: ReviewInput, now: Date) {
  const queue = await requireQueue(db, actor.projectId, queueId);
  const [item] = await db
    .select()
    .from(annotationQueueItems)
    .where(and(eq(annotationQueueItems.projectId, actor.projectId), eq(annotationQueueItems.queueId, queue.id), eq(annotationQueueItems.id, itemId)));
  if (!item) throw new AppError("not_found", `No item ${itemId} in this queue`);
  if (item.status === "done") throw new AppError("conflict", "This item has already been reviewed");
  const reviewed = checkReviewScores(queue.scoreConfigs, input.scores);
  // The version that wrote the insight, as it is now: a later regeneration must not move this verdict to another version.
  const insight = item.insightId ? await insightContent(db, actor.projectId, item.insightId) : undefined;
  const reviewContext = insight ? { promptName: insight.context.promptName, promptVersion: insight.context.promptVersion, model: insight.context.model, provider: insight.context.provider } : null;
  await db.transaction(async (tx) => {
    const marked = await tx
      .update(annotationQueueItems)
      .set({ status: "done", reviewedBy: actor.userId, reviewedAt: now, ...(item.traceId ? {} : { reviewScores: reviewed, reviewContext }) })
      .where(and(eq(annotationQueueItems.id, item.id), eq(annotationQueueItems.status, "pending")))
      .returning({ id: annotationQueueItems.id });
    if (marked.length === 0) throw new AppError("conflict", "This item has already been reviewed");
    // A dataset item's or insight's scores stay on the queue item (scores belong to traces); a trace's go to `scores`.
    if (!item.traceId) return;
    const traceId = item.traceId;
    await tx
      .insert(scores)
      .values(
        reviewed.map((s) => ({
          projectId: actor.projectId,
          id: `${annotationScorePrefix(item.id)}${s.name}`,
          traceId,
          name: s.name,
          value: s.value,
          stringValue: s.stringValue,
          dataType: s.dataType,
          source: "annotation" as const,
          comment: input.comment ?? null,
          authorUserId: actor.userId,
          timestamp: now,
        })),
      )
      .onConflictDoNothing();
  });
  return { itemId: item.id, scores: reviewed, progress: await progress(db, queue.id) };
}
